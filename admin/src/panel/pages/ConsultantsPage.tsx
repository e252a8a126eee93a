import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function ConsultantsPage() {
  return <PagePlaceholder title="导购" planned={['导购列表及其客户', '跟进任务与结果']} />;
}
