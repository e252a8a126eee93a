import { beijingDateTime } from '@circles/shared/src/domain/time/beijing';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Select,
  Table,
  Tag,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { applyServerErrors, errorText } from '../../api/errors';
import {
  createGrant,
  estimateGrant,
  fetchGrant,
  type GrantEstimate,
  type GrantInput,
  type GrantJobView,
  listGrantApprovals,
  listGrants,
  resumeGrant,
} from '../../api/points';
import { useCanWrite, useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { useTierOptions } from '../../hooks/useTierOptions';
import { GrantApprovals } from './GrantApprovals';
import { GrantConfirm } from './GrantConfirm';
import { GRANT_RULES, type GrantFormValues, newIdempotencyKey, toGrantBody } from './grantRules';

const POLL_MS = 1500;

const STATUS: Record<GrantJobView['status'], { text: string; color: string }> = {
  pending_approval: { text: '待管理员审批', color: 'orange' },
  running: { text: '执行中', color: 'blue' },
  done: { text: '完成', color: 'green' },
  failed: { text: '已中断', color: 'red' },
  rejected: { text: '已驳回', color: 'default' },
};

function jobPercent(j: GrantJobView): number {
  if (j.status === 'done') return 100;
  if (!j.total) return 0;
  return Math.min(99, Math.floor(((j.done + j.failed) / j.total) * 100));
}

/**
 * Bulk points grant/deduct for a tier or a pasted member list: a confirm step with the server's
 * count (人数, 积分总额) before anything runs, the approvals queue of the two-person rule, and
 * job progress.
 */
export default function GrantPanel() {
  const { message } = App.useApp();
  const writable = useCanWrite('members');
  const isAdmin = useSession().session?.account.role === 'admin';
  const { options: tierOptions, nameOf } = useTierOptions();
  const jobs = useApiData((signal) => listGrants(signal), []);
  const approvals = useApiData((signal) => listGrantApprovals(signal), []);
  const [confirm, setConfirm] = useState<{
    body: GrantInput;
    estimate: GrantEstimate;
    target: string;
  } | null>(null);
  const [form] = Form.useForm<GrantFormValues>();
  const target = Form.useWatch('target', form);
  const [pending, setPending] = useState(false);
  const key = useRef(newIdempotencyKey());
  const running = (jobs.data?.items ?? []).some((j) => j.status === 'running');

  // Poll while a job runs; each poll refreshes the running rows only.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      const items = jobs.data?.items ?? [];
      Promise.all(items.map((j) => (j.status === 'running' ? fetchGrant(j.id) : j))).then(
        (fresh) => jobs.data && jobs.setData({ ...jobs.data, items: fresh }),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, jobs]);

  const segmentText = (s: GrantJobView['segment']) =>
    s.type === 'tier' ? nameOf(s.value) : s.type === 'tag' ? `标签 ${s.value}` : s.value;

  /** Counts first (nothing runs): the confirm dialog shows 人数 and 积分总额. */
  async function submit(v: GrantFormValues) {
    setPending(true);
    try {
      const body = toGrantBody(v, key.current);
      const { idempotencyKey: _key, ...draft } = body;
      const estimate = await estimateGrant(draft);
      const target =
        'tier' in body.segment
          ? `等级 ${nameOf(body.segment.tier)}`
          : `会员号名单（${'memberNos' in body.segment ? body.segment.memberNos.length : 0} 个）`;
      setConfirm({ body, estimate, target });
    } catch (err) {
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setPending(false);
    }
  }

  async function run() {
    if (!confirm) return;
    setPending(true);
    try {
      const job = await createGrant(confirm.body);
      key.current = newIdempotencyKey();
      form.resetFields();
      setConfirm(null);
      const verb = job.kind === 'grant' ? '发放' : '扣减';
      if (job.status === 'pending_approval') message.info(`批量${verb}已提交，待管理员审批`);
      else message.success(`已提交批量${verb}任务`);
      jobs.reload();
      approvals.reload();
    } catch (err) {
      setConfirm(null);
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setPending(false);
    }
  }

  async function resume(j: GrantJobView) {
    try {
      await resumeGrant(j.id);
      jobs.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <>
      {writable && (
        <Card title="批量发放 / 扣减积分" className="panel-block">
          <Form
            form={form}
            layout="vertical"
            name="points-grant"
            onFinish={submit}
            initialValues={{ kind: 'grant', target: 'tier' }}
          >
            <Form.Item name="kind" label="操作">
              <Radio.Group
                options={[
                  { value: 'grant', label: '发放' },
                  { value: 'deduct', label: '扣减' },
                ]}
              />
            </Form.Item>
            <Form.Item name="target" label="对象">
              <Radio.Group
                options={[
                  { value: 'tier', label: '按等级' },
                  { value: 'list', label: '会员号名单' },
                ]}
              />
            </Form.Item>
            {target === 'list' ? (
              <Form.Item name="memberNos" label="会员号" rules={GRANT_RULES.memberNos}>
                <Input.TextArea rows={4} placeholder="每行一个会员号" />
              </Form.Item>
            ) : (
              <Form.Item name="tier" label="等级" rules={GRANT_RULES.tier}>
                <Select options={tierOptions} className="panel-select" aria-label="等级" />
              </Form.Item>
            )}
            <Form.Item name="points" label="每人积分" rules={GRANT_RULES.points}>
              <InputNumber aria-label="每人积分" />
            </Form.Item>
            <Form.Item name="reason" label="原因" rules={GRANT_RULES.reason}>
              <Input maxLength={200} placeholder="如 双十一会员回馈" aria-label="原因" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={pending && !confirm}>
              提交任务
            </Button>
          </Form>
          <GrantConfirm
            estimate={confirm?.estimate ?? null}
            target={confirm?.target ?? ''}
            submitting={pending}
            onConfirm={run}
            onCancel={() => setConfirm(null)}
          />
        </Card>
      )}
      <GrantApprovals
        approvals={approvals}
        isAdmin={isAdmin}
        segmentText={segmentText}
        onDecided={jobs.reload}
      />
      <Card title="批量任务">
        {jobs.error && <LoadError error={jobs.error} onRetry={jobs.reload} />}
        <Table<GrantJobView>
          rowKey="id"
          size="small"
          loading={jobs.loading && !jobs.data}
          dataSource={jobs.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '暂无批量任务' }}
          expandable={{
            rowExpandable: (j) => j.failures.length > 0,
            expandedRowRender: (j) => (
              <ul className="panel-issues">
                {j.failures.map((f) => (
                  <li key={f.memberNo}>
                    {f.memberNo}：{f.message}
                  </li>
                ))}
              </ul>
            ),
          }}
          columns={[
            {
              title: '操作',
              dataIndex: 'kind',
              render: (k: string) => (k === 'grant' ? '发放' : '扣减'),
            },
            {
              title: '对象',
              dataIndex: 'segment',
              render: segmentText,
            },
            { title: '积分', dataIndex: 'points', align: 'right' },
            { title: '原因', dataIndex: 'reason' },
            {
              title: '进度',
              key: 'progress',
              width: 220,
              render: (_: unknown, j) =>
                j.status === 'pending_approval' || j.status === 'rejected' ? (
                  '—'
                ) : (
                  <Progress
                    percent={jobPercent(j)}
                    size="small"
                    status={
                      j.status === 'failed'
                        ? 'exception'
                        : j.status === 'running'
                          ? 'active'
                          : 'success'
                    }
                    format={() =>
                      `${j.done}/${j.total ?? '?'}${j.failed ? ` 失败 ${j.failed}` : ''}`
                    }
                  />
                ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: GrantJobView['status'], j) =>
                s === 'failed' && writable ? (
                  <Button size="small" onClick={() => resume(j)}>
                    继续执行
                  </Button>
                ) : (
                  <Tag
                    color={STATUS[s].color}
                    title={j.approval?.note ? `审批备注：${j.approval.note}` : undefined}
                  >
                    {STATUS[s].text}
                  </Tag>
                ),
            },
            {
              title: '提交时间',
              dataIndex: 'createdAt',
              render: (iso: string) => beijingDateTime(new Date(iso)),
            },
          ]}
        />
      </Card>
    </>
  );
}
