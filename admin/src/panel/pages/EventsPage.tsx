import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorText } from '../api/errors';
import { type AdminEventView, cancelEvent, listEvents } from '../api/events';
import { useCanWrite } from '../auth/session';
import { CircleChips } from '../components/CircleChip';
import { LoadError } from '../components/LoadError';
import { dateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { useCircleOptions } from '../hooks/useCircleOptions';
import { useTierOptions } from '../hooks/useTierOptions';
import { PageTitle } from '../layout/PagePlaceholder';
import { EventForm } from './events/EventForm';
import { SignupsDrawer } from './events/SignupsDrawer';

/** Community events: create/edit/cancel, per-tier quotas, sign-ups and check-in. */
export default function EventsPage() {
  const { message } = App.useApp();
  const writable = useCanWrite('events');
  const { options: tierOptions, nameOf } = useTierOptions();
  const { options: circleOptions, circleOf } = useCircleOptions();
  const events = useApiData((signal) => listEvents(signal), []);
  const [editing, setEditing] = useState<AdminEventView | null | undefined>(undefined);
  const [viewing, setViewing] = useState<AdminEventView | null>(null);

  async function cancel(e: AdminEventView) {
    try {
      await cancelEvent(e.id);
      message.success(`已取消「${e.title}」`);
      events.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <>
      <PageTitle
        title="社群活动"
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              创建活动
            </Button>
          )
        }
      />
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可查看活动与报名，不能修改"
        />
      )}
      {events.error && <LoadError error={events.error} onRetry={events.reload} />}
      <Card>
        <Table<AdminEventView>
          rowKey="id"
          loading={events.loading}
          dataSource={events.data?.items ?? []}
          locale={{ emptyText: '暂无活动' }}
          scroll={{ x: 1120 }}
          columns={[
            { title: '活动', dataIndex: 'title' },
            { title: '类型', dataIndex: 'kindText' },
            { title: '开始', dataIndex: 'startAt', render: dateTime },
            { title: '报名截止', dataIndex: 'signupDeadline', render: dateTime },
            {
              title: '名额',
              key: 'seats',
              render: (_: unknown, e) => (
                <>
                  {e.registered}/{e.capacity}
                  {e.waitlisted > 0 && <Tag className="panel-tag-gap">候补 {e.waitlisted}</Tag>}
                </>
              ),
            },
            {
              title: '等级名额',
              dataIndex: 'tierQuotas',
              render: (qs: AdminEventView['tierQuotas']) =>
                qs.length === 0
                  ? '—'
                  : qs.map((q) => (
                      <Tag key={q.tierCode}>
                        {nameOf(q.tierCode)} {q.seats}
                      </Tag>
                    )),
            },
            {
              title: '圈层',
              dataIndex: 'circleIds',
              render: (ids: string[] | undefined) => <CircleChips ids={ids} circleOf={circleOf} />,
            },
            { title: '签到', dataIndex: 'attended', align: 'right' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: AdminEventView['status']) =>
                s === 'published' ? <Tag color="green">报名中</Tag> : <Tag>已取消</Tag>,
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, e) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setViewing(e)}>
                    报名名单
                  </Button>
                  {writable && e.status === 'published' && (
                    <>
                      <Button type="link" size="small" onClick={() => setEditing(e)}>
                        编辑
                      </Button>
                      <Popconfirm
                        title="取消后会员不能再报名。确认取消活动？"
                        okText="取消活动"
                        cancelText="返回"
                        onConfirm={() => cancel(e)}
                      >
                        <Button type="link" size="small" danger>
                          取消活动
                        </Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <EventForm
        event={editing ?? null}
        open={editing !== undefined}
        tierOptions={tierOptions}
        circleOptions={circleOptions}
        onClose={() => setEditing(undefined)}
        onSaved={(e) => {
          setEditing(undefined);
          message.success(`已保存「${e.title}」`);
          events.reload();
        }}
      />
      {viewing && (
        <SignupsDrawer
          event={viewing}
          nameOf={nameOf}
          onClose={() => setViewing(null)}
          onChanged={events.reload}
        />
      )}
    </>
  );
}
