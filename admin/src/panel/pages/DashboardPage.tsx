import { Card, Col, Empty, Row } from 'antd';
import { HealthStatus } from '../../common/HealthStatus';
import { useHealth } from '../../common/health';
import { PageTitle } from '../layout/PagePlaceholder';

const PLANNED_CHARTS = [
  '等级分布',
  'RFM 分层规模与营收占比',
  '帕累托曲线',
  '分层迁移矩阵',
  'CLV 分布',
  '各等级权益渗透率',
];

export default function DashboardPage() {
  const { state, reload } = useHealth();
  return (
    <>
      <PageTitle title="概览" />
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card title="系统状态" size="small">
            <HealthStatus state={state} onRetry={reload} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title="会员价值看板" size="small">
            <Empty description={`数据接口上线后展示：${PLANNED_CHARTS.join('、')}`} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
