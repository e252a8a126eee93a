import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function TasksPage() {
  return <PagePlaceholder title="任务" planned={['任务的创建、编辑与校验']} />;
}
