import {
  Alert,
  Card,
  Col,
  Empty,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import {
  fetchDiagnosis,
  fetchMemberHealth,
  type MemberHealthDiagnosis,
} from '../../api/memberHealth';
import { LoadError } from '../../components/LoadError';
import { dateTime, percent } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { HealthSettingsCard } from './HealthSettingsCard';

type BreakdownRow = MemberHealthDiagnosis['byCircle'][number];
const TOUCH_TEXT: Record<string, string> = {
  consultant_task: '导购 1v1',
  subscribe_message: '订阅消息',
  grant_perk: '发放权益',
  grant_points: '赠送积分',
  tag: '标签',
};

function Breakdown(props: { title: string; rows: BreakdownRow[] }) {
  return (
    <Card title={props.title} size="small">
      <Table<BreakdownRow>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={props.rows}
        locale={{ emptyText: '无' }}
        columns={[
          { title: '来源', dataIndex: 'label' },
          { title: '流失人数', dataIndex: 'members', align: 'right', width: 96 },
        ]}
      />
    </Card>
  );
}

/** 会员健康度诊断: the weekly high-value churn rate and where a week's churn comes from. */
export default function MemberHealthPage() {
  const overview = useApiData((signal) => fetchMemberHealth(signal), []);
  const weeks = overview.data?.weeks ?? [];
  const [week, setWeek] = useState<string | null>(null);
  useEffect(() => {
    if (!week && overview.data) {
      setWeek(overview.data.alert?.week ?? overview.data.weeks.at(-1)?.week ?? null);
    }
  }, [overview.data, week]);
  const diagnosis = useApiData(
    (signal) => (week ? fetchDiagnosis(week, signal) : Promise.resolve(null)),
    [week],
  );

  if (overview.error) return <LoadError error={overview.error} onRetry={overview.reload} />;
  const o = overview.data;
  const d = diagnosis.data;
  return (
    <Space direction="vertical" size="large" className="panel-fill">
      <Typography.Title level={3}>会员健康度</Typography.Title>
      {o?.alert && (
        <Alert
          type="error"
          showIcon
          message={o.alert.title}
          description={`预警周：${o.alert.week}`}
        />
      )}
      <Card title="高价值会员周流失率" loading={overview.loading && !o}>
        {weeks.length === 0 ? (
          <Empty description="还没有健康度数据：完成一次价值计算后生成" />
        ) : (
          <Table
            rowKey="week"
            size="small"
            pagination={false}
            dataSource={weeks}
            columns={[
              { title: '周', dataIndex: 'week' },
              { title: '统计日', dataIndex: 'day' },
              { title: '流失 / 高价值会员', render: (_, w) => `${w.churned} / ${w.base}` },
              { title: '流失率', dataIndex: 'rate', render: (r: number) => percent(r, 1) },
              {
                title: '状态',
                dataIndex: 'unhealthy',
                render: (bad: boolean) =>
                  bad ? <Tag color="red">高于阈值</Tag> : <Tag color="green">正常</Tag>,
              },
            ]}
          />
        )}
      </Card>
      {weeks.length > 0 && (
        <Card
          title="诊断"
          loading={diagnosis.loading && !d}
          extra={
            <Select
              aria-label="诊断周"
              value={week}
              onChange={setWeek}
              options={weeks.map((w) => ({ value: w.week, label: w.week }))}
              style={{ width: 140 }}
            />
          }
        >
          {diagnosis.error && <LoadError error={diagnosis.error} onRetry={diagnosis.reload} />}
          {d && (
            <Space direction="vertical" size="middle" className="panel-fill">
              <Row gutter={16}>
                <Col span={6}>
                  <Statistic title="本周流失高价值会员" value={d.churned} />
                </Col>
                <Col span={6}>
                  <Statistic title="流失率" value={percent(d.rate, 1)} />
                </Col>
                <Col span={6}>
                  <Statistic title="近 90 天用过权益" value={`${d.perkUsage.usedIn90d} 人`} />
                </Col>
                <Col span={6}>
                  <Statistic title="权益使用占比" value={percent(d.perkUsage.share)} />
                </Col>
              </Row>
              {d.examined < d.churned && (
                <Typography.Text type="secondary">
                  按前 {d.examined} 名流失会员分析。
                </Typography.Text>
              )}
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Breakdown title="按圈层" rows={d.byCircle} />
                </Col>
                <Col xs={24} md={8}>
                  <Breakdown title="按门店" rows={d.byStore} />
                </Col>
                <Col xs={24} md={8}>
                  <Breakdown title="按导购" rows={d.byConsultant} />
                </Col>
              </Row>
              <Table
                rowKey="memberId"
                size="small"
                dataSource={d.members}
                locale={{ emptyText: '本周没有流失的高价值会员' }}
                columns={[
                  { title: '会员号', dataIndex: 'memberNo' },
                  { title: '昵称', dataIndex: 'nickname' },
                  { title: '价值分层', dataIndex: 'segment' },
                  {
                    title: '最近触达',
                    dataIndex: 'lastTouch',
                    render: (t: MemberHealthDiagnosis['members'][number]['lastTouch']) =>
                      t ? `${dateTime(t.at)} · ${TOUCH_TEXT[t.kind] ?? t.kind}` : '近期无触达',
                  },
                ]}
              />
            </Space>
          )}
        </Card>
      )}
      {o && (
        <HealthSettingsCard
          settings={o.settings}
          onSaved={(settings) => overview.setData({ ...o, settings })}
        />
      )}
    </Space>
  );
}
