import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import {
  definitionOf,
  listPlaybooks,
  type PlaybookDefinition,
  type PlaybookView,
} from '../../api/playbooks';
import { useCanWrite } from '../../auth/session';
import { CircleChip } from '../../components/CircleChip';
import { LoadError } from '../../components/LoadError';
import { dateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { useCircleOptions } from '../../hooks/useCircleOptions';
import { PageTitle } from '../../layout/PagePlaceholder';
import { MoveButtons } from './MoveButtons';
import { STATUS_TEXT, triggerText } from './playbookText';
import { SettingsCard } from './SettingsCard';
import { TemplateCards } from './TemplateCards';
import { usePlaybookMove } from './usePlaybookMove';
import './playbooks.css';

const STATUS_ORDER: Record<PlaybookView['status'], number> = {
  active: 0,
  paused: 1,
  draft: 2,
  stopped: 3,
};

interface Row {
  view: PlaybookView;
  def: PlaybookDefinition | null;
}

/** 运营剧本: the playbooks with their status moves, the templates to copy, and the caps. */
export default function PlaybooksPage() {
  const navigate = useNavigate();
  const writable = useCanWrite('circles');
  const { circleOf } = useCircleOptions();
  const list = useApiData((signal) => listPlaybooks(signal), []);
  const moves = usePlaybookMove(() => list.reload());
  const rows: Row[] = (list.data?.items ?? [])
    .map((view) => ({ view, def: definitionOf(view) }))
    .sort((a, b) => STATUS_ORDER[a.view.status] - STATUS_ORDER[b.view.status]);
  const href = (id: string) => `/playbooks/${encodeURIComponent(id)}`;

  return (
    <>
      <PageTitle
        title="运营剧本"
        extra={
          writable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/playbooks/new')}
            >
              新建剧本
            </Button>
          )
        }
      />
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可查看剧本与转化数据，不能修改"
        />
      )}
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card title="剧本" className="panel-block">
        <Table<Row>
          rowKey={(r) => r.view.id}
          loading={list.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{
            emptyText: writable ? '还没有剧本，可从下方模板复制一份草稿开始' : '暂无剧本',
          }}
          columns={[
            {
              title: '剧本',
              key: 'name',
              render: (_: unknown, r) => (
                <Space orientation="vertical" size={0}>
                  <Link to={href(r.view.id)}>{r.def?.name ?? r.view.id}</Link>
                  <Typography.Text type="secondary" className="playbook-id">
                    {r.view.id}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '触发',
              key: 'trigger',
              render: (_: unknown, r) => {
                if (!r.def) return '—';
                const id = r.def.trigger.circleId;
                return (
                  <Space orientation="vertical" size={0}>
                    <CircleChip circle={circleOf(id) ?? { id, name: id }} />
                    <Typography.Text type="secondary">{triggerText(r.def.trigger)}</Typography.Text>
                  </Space>
                );
              },
            },
            {
              title: '状态',
              key: 'status',
              render: (_: unknown, r) => {
                const s = STATUS_TEXT[r.view.status];
                return <Tag color={s.color}>{s.text}</Tag>;
              },
            },
            { title: '版本', key: 'version', render: (_: unknown, r) => `第 ${r.view.version} 版` },
            {
              title: '优先级',
              key: 'priority',
              align: 'right',
              render: (_: unknown, r) => r.def?.priority ?? '—',
            },
            {
              title: '更新时间',
              key: 'updatedAt',
              render: (_: unknown, r) => dateTime(r.view.updatedAt),
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, r) => {
                const p = { id: r.view.id, name: r.def?.name ?? r.view.id, status: r.view.status };
                return (
                  <Space size={0} wrap>
                    <Button type="link" size="small" onClick={() => navigate(href(p.id))}>
                      查看
                    </Button>
                    {writable && p.status !== 'stopped' && (
                      <Button
                        type="link"
                        size="small"
                        onClick={() => navigate(`${href(p.id)}/edit`)}
                      >
                        编辑
                      </Button>
                    )}
                    {writable && <MoveButtons playbook={p} moves={moves} link />}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <TemplateCards
        templates={list.data?.templates}
        loading={list.loading && !list.data}
        writable={writable}
        circleOf={circleOf}
        onCopied={list.reload}
      />
      <SettingsCard />
    </>
  );
}
