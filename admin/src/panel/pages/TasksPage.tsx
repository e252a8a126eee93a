import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorText } from '../api/errors';
import { archiveTask, listTasks, type TaskDefView } from '../api/tasks';
import { useCanWrite } from '../auth/session';
import { CircleChips } from '../components/CircleChip';
import { LoadError } from '../components/LoadError';
import { useApiData } from '../hooks/useApiData';
import { useCircleOptions } from '../hooks/useCircleOptions';
import { useTierOptions } from '../hooks/useTierOptions';
import { PageTitle } from '../layout/PagePlaceholder';
import { formatYuan } from '../money';
import { TaskForm } from './tasks/TaskForm';
import { PERIOD_TEXT, TASK_KIND_TEXT } from './tasks/taskRules';

/** Member tasks (签到、分享、邀请…): list, create, edit, archive. */
export default function TasksPage() {
  const { message } = App.useApp();
  const writable = useCanWrite('tasks');
  const { options: tierOptions, nameOf } = useTierOptions();
  const { options: circleOptions, circleOf } = useCircleOptions();
  const tasks = useApiData((signal) => listTasks(signal), []);
  const [editing, setEditing] = useState<TaskDefView | null | undefined>(undefined);

  async function archive(t: TaskDefView) {
    try {
      await archiveTask(t.code);
      message.success(`已下线「${t.name}」`);
      tasks.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <>
      <PageTitle
        title="任务"
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              新建任务
            </Button>
          )
        }
      />
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可查看任务，不能修改"
        />
      )}
      {tasks.error && <LoadError error={tasks.error} onRetry={tasks.reload} />}
      <Card>
        <Table<TaskDefView>
          rowKey="code"
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          locale={{ emptyText: '暂无任务' }}
          pagination={false}
          columns={[
            { title: '代码', dataIndex: 'code' },
            { title: '名称', dataIndex: 'name' },
            {
              title: '类型',
              dataIndex: 'kind',
              render: (k: TaskDefView['kind']) => TASK_KIND_TEXT[k],
            },
            {
              title: '周期',
              dataIndex: 'period',
              render: (p: TaskDefView['period']) => PERIOD_TEXT[p],
            },
            {
              title: '目标',
              dataIndex: 'target',
              align: 'right',
              render: (n: number, t) => (t.kind === 'spend' ? formatYuan(n) : n),
            },
            {
              title: '奖励',
              dataIndex: 'reward',
              render: (r: TaskDefView['reward']) =>
                [r.points && `${r.points} 积分`, r.growth && `${r.growth} 成长值`, r.perkCode]
                  .filter(Boolean)
                  .join(' + ') || '—',
            },
            {
              title: '适用等级',
              dataIndex: 'eligibleTiers',
              render: (codes: string[]) =>
                codes.length === 0 ? '全部' : codes.map((c) => <Tag key={c}>{nameOf(c)}</Tag>),
            },
            {
              title: '圈层',
              dataIndex: 'circleIds',
              render: (ids: string[] | undefined) => <CircleChips ids={ids} circleOf={circleOf} />,
            },
            {
              title: '状态',
              dataIndex: 'archived',
              render: (a: boolean) => (a ? <Tag>已下线</Tag> : <Tag color="green">进行中</Tag>),
            },
            ...(writable
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, t: TaskDefView) =>
                      !t.archived && (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(t)}>
                            编辑
                          </Button>
                          <Popconfirm
                            title="下线后会员不再看到此任务。确认下线？"
                            okText="下线"
                            cancelText="取消"
                            onConfirm={() => archive(t)}
                          >
                            <Button type="link" size="small" danger>
                              下线
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <TaskForm
        task={editing ?? null}
        open={editing !== undefined}
        tierOptions={tierOptions}
        circleOptions={circleOptions}
        onClose={() => setEditing(undefined)}
        onSaved={(t) => {
          setEditing(undefined);
          message.success(`已保存「${t.name}」`);
          tasks.reload();
        }}
      />
    </>
  );
}
