import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { definitionOf, fetchPlaybook } from '../../api/playbooks';
import { useCanWrite } from '../../auth/session';
import { CircleChip } from '../../components/CircleChip';
import { LoadError } from '../../components/LoadError';
import { dateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { useCircleOptions } from '../../hooks/useCircleOptions';
import { PageTitle } from '../../layout/PagePlaceholder';
import { FunnelCard } from './FunnelCard';
import { MoveButtons } from './MoveButtons';
import { GOAL_TEXT, STATUS_TEXT, triggerText } from './playbookText';
import { StepFlow } from './StepFlow';
import { usePerkNames } from './usePerkNames';
import { usePlaybookMove } from './usePlaybookMove';
import './playbooks.css';

/** One playbook: its funnel, its steps as a flow with the runs that reached each, its moves. */
export default function PlaybookDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const writable = useCanWrite('circles');
  const { circleOf } = useCircleOptions();
  const perkName = usePerkNames();
  const detail = useApiData((signal) => fetchPlaybook(id, signal), [id]);
  const moves = usePlaybookMove((saved) => {
    // A move answers the playbook without its funnel; the funnel it had is still right.
    if (detail.data) detail.setData({ ...detail.data, ...saved });
  });
  const p = detail.data;
  const def = p ? definitionOf(p) : null;
  const name = def?.name ?? id;
  const circleId = def?.trigger.circleId;

  return (
    <>
      <PageTitle
        title={`运营剧本 · ${name}`}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/playbooks')}>
              剧本列表
            </Button>
            {p && writable && (
              <MoveButtons playbook={{ id: p.id, name, status: p.status }} moves={moves} />
            )}
            {p && writable && p.status !== 'stopped' && (
              <Button
                icon={<EditOutlined />}
                onClick={() => navigate(`/playbooks/${encodeURIComponent(p.id)}/edit`)}
              >
                编辑剧本
              </Button>
            )}
          </Space>
        }
      />
      {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
      {p && !def && (
        <Alert
          className="panel-block"
          type="warning"
          showIcon
          title="无法解析该剧本的内容，请刷新页面或升级后台后再查看"
        />
      )}
      <Card loading={detail.loading && !p} size="small" className="panel-block">
        {p && (
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label="状态">
              <Tag color={STATUS_TEXT[p.status].color}>{STATUS_TEXT[p.status].text}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="版本">
              第 {p.version} 版（{dateTime(p.updatedAt)} 更新）
            </Descriptions.Item>
            <Descriptions.Item label="启用时间">{dateTime(p.activatedAt)}</Descriptions.Item>
            {def && circleId && (
              <Descriptions.Item label="触发">
                <Space size={4} wrap>
                  <CircleChip circle={circleOf(circleId) ?? { id: circleId, name: circleId }} />
                  <Typography.Text>{triggerText(def.trigger)}</Typography.Text>
                </Space>
              </Descriptions.Item>
            )}
            {def && <Descriptions.Item label="优先级">{def.priority}（1 最高）</Descriptions.Item>}
            {def && <Descriptions.Item label="目标">{GOAL_TEXT[def.goal]}</Descriptions.Item>}
            <Descriptions.Item label="编号">{p.id}</Descriptions.Item>
            <Descriptions.Item label="来源模板">{p.templateId ?? '—'}</Descriptions.Item>
            {def && (
              <Descriptions.Item label="说明" span="filled">
                {def.description || '—'}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      {p && <FunnelCard funnel={p.funnel} goal={def?.goal} />}
      {def && p && (
        <Card
          title="剧本步骤"
          size="small"
          extra={
            <Typography.Text type="secondary">
              到达人数按步骤序号统计，含旧版本的会员
            </Typography.Text>
          }
        >
          <StepFlow steps={def.steps} funnel={p.funnel} perkName={perkName} />
        </Card>
      )}
    </>
  );
}
