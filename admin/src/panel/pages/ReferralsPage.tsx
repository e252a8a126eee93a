import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function ReferralsPage() {
  return <PagePlaceholder title="邀请" planned={['邀请规则的创建、编辑与校验']} />;
}
