import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function TagsPage() {
  return (
    <PagePlaceholder
      title="标签"
      planned={[
        '企业微信企业标签库（同步）',
        '圈层系统标签组：会员等级、价值分层',
        '同步状态与失败记录、规则标签',
      ]}
    />
  );
}
