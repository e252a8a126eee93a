import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function AuditPage() {
  return <PagePlaceholder title="审计日志" planned={['按操作人、对象、时间筛选的审计记录']} />;
}
