import { Badge, Button, Space, Typography } from 'antd';
import { databaseStateLabel, type HealthState } from './health';

/** One-line connection status from GET /healthz, with a retry when it failed. */
export function HealthStatus({ state, onRetry }: { state: HealthState; onRetry: () => void }) {
  if (state.phase === 'loading') return <Badge status="processing" text="正在检查服务连接…" />;
  if (state.phase === 'error') {
    return (
      <Space size={4} wrap>
        <Badge status="error" text="无法连接服务" />
        <Typography.Text type="secondary">（{state.error.message}）</Typography.Text>
        <Button size="small" type="link" onClick={onRetry}>
          重试
        </Button>
      </Space>
    );
  }
  const { status, database } = state.health;
  const db = `数据库${databaseStateLabel(database.state)}`;
  return status === 'ok' ? (
    <Badge status="success" text={`服务正常 · ${db}`} />
  ) : (
    <Space size={4} wrap>
      <Badge status="warning" text={`服务降级 · ${db}`} />
      <Button size="small" type="link" onClick={onRetry}>
        重新检查
      </Button>
    </Space>
  );
}
