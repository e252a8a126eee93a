import { beijingDateTime } from '@circles/shared/src/domain/time/beijing';
import { App, Button, Card, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import { approveGrant, type GrantJobView, rejectGrant } from '../../api/points';
import { count } from '../../format';
import type { ApiData } from '../../hooks/useApiData';

type Decision = { job: GrantJobView; action: 'approve' | 'reject' };

const NOTE_MAX = 200;

/**
 * Bulk grants waiting for an admin (the two-person rule). Everyone sees the queue; admins get
 * 批准 / 驳回 with a note. The server refuses an admin deciding their own request.
 */
export function GrantApprovals({
  approvals,
  isAdmin,
  segmentText,
  onDecided,
}: {
  approvals: ApiData<{ items: GrantJobView[] }>;
  isAdmin: boolean;
  segmentText: (s: GrantJobView['segment']) => string;
  onDecided: () => void;
}) {
  const { message } = App.useApp();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const items = approvals.data?.items ?? [];
  if (items.length === 0) return null;

  async function decide() {
    if (!decision) return;
    setBusy(true);
    try {
      const trimmed = note.trim() || undefined;
      if (decision.action === 'approve') await approveGrant(decision.job.id, trimmed);
      else await rejectGrant(decision.job.id, trimmed);
      message.success(decision.action === 'approve' ? '已批准，任务开始执行' : '已驳回');
      setDecision(null);
      setNote('');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
      approvals.reload();
      onDecided();
    }
  }

  return (
    <Card title="待管理员审批" className="panel-block">
      <Table<GrantJobView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        columns={[
          { title: '操作', dataIndex: 'kind', render: (k) => (k === 'grant' ? '发放' : '扣减') },
          { title: '对象', dataIndex: 'segment', render: segmentText },
          { title: '人数', dataIndex: 'total', align: 'right', render: (n) => n ?? '—' },
          { title: '每人积分', dataIndex: 'points', align: 'right', render: count },
          {
            title: '积分总额',
            key: 'sum',
            align: 'right',
            render: (_, j) => (j.totalPoints === null ? '—' : count(j.totalPoints)),
          },
          { title: '原因', dataIndex: 'reason' },
          { title: '申请人', key: 'by', render: (_, j) => j.approval?.requestedBy ?? j.createdBy },
          {
            title: '提交时间',
            dataIndex: 'createdAt',
            render: (iso: string) => beijingDateTime(new Date(iso)),
          },
          ...(isAdmin
            ? [
                {
                  title: '审批',
                  key: 'decide',
                  render: (_: unknown, j: GrantJobView) => (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setDecision({ job: j, action: 'approve' })}
                      >
                        批准
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => setDecision({ job: j, action: 'reject' })}
                      >
                        驳回
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={decision !== null}
        title={decision?.action === 'approve' ? '批准批量发放' : '驳回批量发放'}
        okText={decision?.action === 'approve' ? '确认批准' : '确认驳回'}
        okButtonProps={{ danger: decision?.action === 'reject' }}
        cancelText="取消"
        confirmLoading={busy}
        onOk={decide}
        onCancel={() => setDecision(null)}
        destroyOnHidden
      >
        {decision && (
          <>
            <Typography.Paragraph>
              {decision.job.approval?.requestedBy ?? decision.job.createdBy} 申请
              {decision.job.kind === 'grant' ? '发放' : '扣减'}：{segmentText(decision.job.segment)}
              ，{decision.job.total ?? '—'} 人，每人 {count(decision.job.points)} 积分
              {decision.job.totalPoints !== null && `，共 ${count(decision.job.totalPoints)} 积分`}
              。
            </Typography.Paragraph>
            <Input.TextArea
              aria-label="审批备注"
              placeholder={
                decision.action === 'reject' ? '驳回原因（将记入审计日志）' : '备注（可选）'
              }
              maxLength={NOTE_MAX}
              rows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </>
        )}
      </Modal>
    </Card>
  );
}
