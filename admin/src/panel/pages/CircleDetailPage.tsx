import { ArrowLeftOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  exportCircleMembers,
  fetchCircle,
  fetchCircleFields,
  fetchCircleMembers,
} from '../api/circles';
import { ApiError } from '../api/client';
import { errorText } from '../api/errors';
import { useCanWrite } from '../auth/session';
import { CircleChip } from '../components/CircleChip';
import { LoadError } from '../components/LoadError';
import { count, dateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { useTierOptions } from '../hooks/useTierOptions';
import { PageTitle } from '../layout/PagePlaceholder';
import { CircleMembersTable } from './circles/CircleMembersTable';
import { CircleTrendCard } from './circles/CircleTrendCard';
import { STATUS_TEXT } from './circles/circleRules';
import { RuleSummary } from './circles/RuleSummary';
import { indexFields } from './circles/ruleModel';
import { parseRule } from './circles/ruleParse';

/** One circle: what it is, its rule in words, its size over time and its members. */
export default function CircleDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const writable = useCanWrite('circles');
  const { nameOf } = useTierOptions();
  const circle = useApiData((signal) => fetchCircle(id, signal), [id]);
  const fields = useApiData((signal) => fetchCircleFields(signal), []);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const members = useApiData(
    (signal) => fetchCircleMembers(id, page, signal),
    [id, page.page, page.pageSize],
  );
  const [exporting, setExporting] = useState(false);
  const c = circle.data;
  const summary = useMemo(() => {
    if (!c || !fields.data) return null;
    const index = indexFields(fields.data.items);
    return <RuleSummary root={parseRule(c.rule, index)} fields={index} />;
  }, [c, fields.data]);

  async function exportCsv() {
    if (!c) return;
    setExporting(true);
    try {
      await exportCircleMembers(c.id, c.name);
    } catch (err) {
      message.error(
        err instanceof ApiError && err.status === 404
          ? '服务端暂未开放成员导出，请稍后再试'
          : errorText(err),
      );
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <PageTitle
        title={c ? `圈层 · ${c.name}` : `圈层 ${id}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/circles')}>
              圈层列表
            </Button>
            {c && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportCsv}>
                导出成员 CSV
              </Button>
            )}
            {c && (
              <Button
                type={writable ? 'primary' : 'default'}
                icon={<EditOutlined />}
                onClick={() => navigate(`/circles/${encodeURIComponent(c.id)}/edit`)}
              >
                {writable ? '编辑圈层' : '试算规则'}
              </Button>
            )}
          </Space>
        }
      />
      {circle.error && <LoadError error={circle.error} onRetry={circle.reload} />}
      <Card loading={circle.loading && !c} className="panel-block" size="small">
        {c && (
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label="圈层">
              <CircleChip circle={c} />
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_TEXT[c.status].color}>{STATUS_TEXT[c.status].text}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="成员数">
              {c.status === 'draft' ? '草稿不计算成员' : `${count(c.memberCount)} 人`}
            </Descriptions.Item>
            <Descriptions.Item label="成员更新时间">
              {c.materializedAt ? dateTime(c.materializedAt) : '尚未计算'}
            </Descriptions.Item>
            <Descriptions.Item label="负责人">{c.owner || '—'}</Descriptions.Item>
            <Descriptions.Item label="版本">
              v{c.version}（{dateTime(c.updatedAt)} 更新）
            </Descriptions.Item>
            <Descriptions.Item label="说明" span={3}>
              {c.description || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="规则" span={3}>
              {summary ??
                (fields.error ? (
                  <Typography.Text type="secondary">字段加载失败，无法展示规则</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">加载中…</Typography.Text>
                ))}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {c && <CircleTrendCard id={c.id} color={c.color} />}
      {c && (
        <Card title="圈层成员" size="small">
          {members.error && <LoadError error={members.error} onRetry={members.reload} />}
          <CircleMembersTable
            rows={members.data?.items ?? []}
            nameOfTier={nameOf}
            loading={members.loading}
            showSince
            emptyText={c.status === 'draft' ? '草稿圈层不计算成员，启用后可查看' : '暂无成员'}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: members.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => `共 ${count(total)} 名成员`,
              onChange: (p, size) =>
                setPage({ page: size !== page.pageSize ? 1 : p, pageSize: size }),
            }}
          />
        </Card>
      )}
    </>
  );
}
