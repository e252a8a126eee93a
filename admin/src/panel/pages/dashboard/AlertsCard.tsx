import { App, Button, Card, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../../api/errors';
import { type AlertView, acknowledgeAlert, fetchAlerts } from '../../api/value';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { dateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';

const SEVERITY: Record<AlertView['severity'], { text: string; color: string }> = {
  critical: { text: '严重', color: 'red' },
  warning: { text: '警告', color: 'orange' },
  info: { text: '提示', color: 'blue' },
};

// The acknowledge route admits consultant managers too (they act on churn warnings).
const ACK_ROLES = new Set(['admin', 'ops', 'consultant-manager']);

/** Alerts raised by the value engine and WeCom, with acknowledge. */
export function AlertsCard({ onChanged }: { onChanged?: () => void }) {
  const { message } = App.useApp();
  const role = useSession().session?.account.role;
  const canAck = role !== undefined && ACK_ROLES.has(role);
  const [status, setStatus] = useState<'open' | 'acknowledged'>('open');
  const [page, setPage] = useState(1);
  const alerts = useApiData(
    (signal) => fetchAlerts({ status, page, pageSize: 10 }, signal),
    [status, page],
  );
  const [busy, setBusy] = useState<string | null>(null);

  async function acknowledge(a: AlertView) {
    setBusy(a.id);
    try {
      await acknowledgeAlert(a.id);
      message.success('已确认预警');
      alerts.reload();
      onChanged?.();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card
      title="预警"
      size="small"
      extra={
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(v as 'open' | 'acknowledged');
            setPage(1);
          }}
          options={[
            { value: 'open', label: '待处理' },
            { value: 'acknowledged', label: '已确认' },
          ]}
        />
      }
    >
      {alerts.error && <LoadError error={alerts.error} onRetry={alerts.reload} />}
      <Table<AlertView>
        rowKey="id"
        size="small"
        loading={alerts.loading}
        dataSource={alerts.data?.items ?? []}
        locale={{ emptyText: status === 'open' ? '暂无待处理预警' : '暂无已确认预警' }}
        pagination={{
          current: page,
          pageSize: 10,
          total: alerts.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        columns={[
          {
            title: '级别',
            dataIndex: 'severity',
            width: 72,
            render: (s: AlertView['severity']) => (
              <Tag color={SEVERITY[s].color}>{SEVERITY[s].text}</Tag>
            ),
          },
          { title: '预警', dataIndex: 'title' },
          { title: '详情', dataIndex: 'detail' },
          {
            title: '会员',
            dataIndex: 'memberNo',
            render: (no: string | null) =>
              no ? <Link to={`/members/${encodeURIComponent(no)}`}>{no}</Link> : '—',
          },
          { title: '时间', dataIndex: 'createdAt', render: dateTime },
          status === 'open'
            ? {
                title: '操作',
                key: 'ack',
                render: (_: unknown, a: AlertView) =>
                  canAck && (
                    <Button size="small" loading={busy === a.id} onClick={() => acknowledge(a)}>
                      确认
                    </Button>
                  ),
              }
            : {
                title: '确认人',
                dataIndex: 'acknowledgedBy',
                render: (v: string | null) => v ?? '—',
              },
        ]}
      />
    </Card>
  );
}
