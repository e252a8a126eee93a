import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function TiersPage() {
  return (
    <PagePlaceholder
      title="等级与权益"
      planned={[
        '编辑等级阶梯，保存前预览各等级会员人数',
        '权益目录：图片、配额、适用等级',
        '兑换目录与钱包充值规则',
      ]}
    />
  );
}
