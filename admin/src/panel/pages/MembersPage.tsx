import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function MembersPage() {
  return (
    <PagePlaceholder
      title="会员"
      planned={[
        '按会员号、手机号、等级、价值分层、标签搜索',
        '会员详情：档案、等级历史、成长值、积分与钱包流水、订单、权益、活动、标签',
        '手动调整积分与等级（须填写原因，记入审计日志）',
      ]}
    />
  );
}
