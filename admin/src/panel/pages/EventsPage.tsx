import { PagePlaceholder } from '../layout/PagePlaceholder';

export default function EventsPage() {
  return (
    <PagePlaceholder
      title="社群活动"
      planned={['创建、编辑、取消活动，按等级分配名额', '报名名单、手动签到、CSV 导出', '到场统计']}
    />
  );
}
