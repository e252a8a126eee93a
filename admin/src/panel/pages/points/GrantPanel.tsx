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
  fetchGrant,
  type GrantJobView,
  listGrants,
  resumeGrant,
} from '../../api/points';
import { useCanWrite } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { dateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { useTierOptions } from '../../hooks/useTierOptions';
import { GRANT_RULES, type GrantFormValues, newIdempotencyKey, toGrantBody } from './grantRules';

const POLL_MS = 1500;

function jobPercent(j: GrantJobView): number {
  if (j.status === 'done') return 100;
  if (!j.total) return 0;
  return Math.min(99, Math.floor(((j.done + j.failed) / j.total) * 100));
}

/** Bulk points grant/deduct for a tier or a pasted member list, with job progress. */
export default function GrantPanel() {
  const { message } = App.useApp();
  const writable = useCanWrite('members');
  const { options: tierOptions, nameOf } = useTierOptions();
  const jobs = useApiData((signal) => listGrants(signal), []);
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

  async function submit(v: GrantFormValues) {
    setPending(true);
    try {
      const job = await createGrant(toGrantBody(v, key.current));
      key.current = newIdempotencyKey();
      form.resetFields();
      message.success(`已提交批量${job.kind === 'grant' ? '发放' : '扣减'}任务`);
      jobs.reload();
    } catch (err) {
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
            <Button type="primary" htmlType="submit" loading={pending}>
              提交任务
            </Button>
          </Form>
        </Card>
      )}
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
              render: (s: GrantJobView['segment']) =>
                s.type === 'tier'
                  ? nameOf(s.value)
                  : s.type === 'tag'
                    ? `标签 ${s.value}`
                    : s.value,
            },
            { title: '积分', dataIndex: 'points', align: 'right' },
            { title: '原因', dataIndex: 'reason' },
            {
              title: '进度',
              key: 'progress',
              width: 220,
              render: (_: unknown, j) => (
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
                  format={() => `${j.done}/${j.total ?? '?'}${j.failed ? ` 失败 ${j.failed}` : ''}`}
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
                  <Tag color={s === 'done' ? 'green' : s === 'running' ? 'blue' : 'red'}>
                    {s === 'done' ? '完成' : s === 'running' ? '执行中' : '已中断'}
                  </Tag>
                ),
            },
            { title: '提交时间', dataIndex: 'createdAt', render: dateTime },
          ]}
        />
      </Card>
    </>
  );
}
