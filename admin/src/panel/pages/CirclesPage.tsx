import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { type CircleView, listCircles, materializeCircles } from '../api/circles';
import { errorText } from '../api/errors';
import { useCanWrite } from '../auth/session';
import { CircleChip } from '../components/CircleChip';
import { LoadError } from '../components/LoadError';
import { count, dateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { PageTitle } from '../layout/PagePlaceholder';
import { STATUS_TEXT } from './circles/circleRules';

const STATUS_ORDER: Record<CircleView['status'], number> = { active: 0, draft: 1, archived: 2 };

/** Circles (圈层): rule-defined audiences with their size; create, edit, recompute. */
export default function CirclesPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const writable = useCanWrite('circles');
  const circles = useApiData((signal) => listCircles(signal), []);
  const [queueing, setQueueing] = useState(false);
  const rows = [...(circles.data?.items ?? [])].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  );

  async function materialize() {
    setQueueing(true);
    try {
      const r = await materializeCircles();
      message.success(
        r.queued ? '已开始重算启用中的圈层，稍后刷新查看最新人数' : '重算已在进行中，请稍后刷新',
      );
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setQueueing(false);
    }
  }

  return (
    <>
      <PageTitle
        title="圈层"
        extra={
          writable && (
            <Space>
              <Button icon={<SyncOutlined />} loading={queueing} onClick={materialize}>
                立即重算
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/circles/new')}
              >
                新建圈层
              </Button>
            </Space>
          )
        }
      />
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可查看圈层与成员、试算规则，不能修改"
        />
      )}
      {circles.error && <LoadError error={circles.error} onRetry={circles.reload} />}
      <Card>
        <Table<CircleView>
          rowKey="id"
          loading={circles.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{
            emptyText: writable ? '还没有圈层，点击「新建圈层」用规则圈选会员' : '暂无圈层',
          }}
          columns={[
            {
              title: '圈层',
              key: 'name',
              render: (_: unknown, c) => (
                <Link to={`/circles/${encodeURIComponent(c.id)}`}>
                  <CircleChip circle={c} />
                </Link>
              ),
            },
            {
              title: '说明',
              dataIndex: 'description',
              ellipsis: true,
              render: (d: string) => d || '—',
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: CircleView['status']) => (
                <Tag color={STATUS_TEXT[s].color}>{STATUS_TEXT[s].text}</Tag>
              ),
            },
            {
              title: '成员数',
              dataIndex: 'memberCount',
              align: 'right',
              render: (n: number, c) => (c.status === 'draft' ? '—' : count(n)),
            },
            {
              title: '成员更新时间',
              dataIndex: 'materializedAt',
              render: (at: string | null) =>
                at ? dateTime(at) : <Typography.Text type="secondary">尚未计算</Typography.Text>,
            },
            { title: '负责人', dataIndex: 'owner', render: (o: string) => o || '—' },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, c) => (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => navigate(`/circles/${encodeURIComponent(c.id)}`)}
                  >
                    查看
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => navigate(`/circles/${encodeURIComponent(c.id)}/edit`)}
                  >
                    {writable ? '编辑' : '试算'}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
