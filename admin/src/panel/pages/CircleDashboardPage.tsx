import { Button, Card, Col, Empty, Row, Table, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { type CircleDashboardRow, fetchCirclesDashboard } from '../api/circles';
import { CircleChip } from '../components/CircleChip';
import { EChart } from '../components/EChart';
import { LoadError } from '../components/LoadError';
import { count, percent } from '../format';
import { useApiData } from '../hooks/useApiData';
import { PageTitle } from '../layout/PagePlaceholder';
import { CircleFlowCard } from './circles/CircleFlowCard';
import { penetrationOption, revenueShareOption, sizeTrendOption } from './circles/charts';

const signed = (n: number) => (n > 0 ? `+${count(n)}` : count(n));

/** Every active circle at a glance: size over time, revenue share, perk use, flow. */
export default function CircleDashboardPage() {
  const navigate = useNavigate();
  const dashboard = useApiData((signal) => fetchCirclesDashboard(signal), []);
  const d = dashboard.data;
  const options = useMemo(
    () =>
      d && {
        trend: sizeTrendOption(d.items),
        revenue: revenueShareOption(d.items),
        penetration: penetrationOption(d),
      },
    [d],
  );
  const colorOf = useCallback((id: string) => d?.items.find((r) => r.id === id)?.color, [d]);
  const alertBelow = d?.penetrationAlertBelow ?? 0.4;

  return (
    <>
      <PageTitle title="圈层看板" />
      {dashboard.error && !d && <LoadError error={dashboard.error} onRetry={dashboard.reload} />}
      {dashboard.loading && !d && <Card loading size="small" />}
      {d && d.items.length === 0 && (
        <Card className="panel-block">
          <Empty description="还没有启用中的圈层">
            <Button type="primary" onClick={() => navigate('/circles')}>
              去配置圈层
            </Button>
          </Empty>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        {d && options && d.items.length > 0 && (
          <>
            <Col span={24}>
              <Card title="圈层规模趋势" size="small">
                <EChart option={options.trend} height={320} label="各圈层规模趋势折线图" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title="近 12 个月营收占比" size="small">
                <EChart option={options.revenue} label="各圈层营收占比柱状图" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card
                title="权益渗透率（近 90 天用过任一权益的成员占比）"
                size="small"
                extra={
                  <Typography.Text type="secondary">
                    低于 {percent(alertBelow)} 标红
                  </Typography.Text>
                }
              >
                <EChart option={options.penetration} label="各圈层权益渗透率柱状图" />
              </Card>
            </Col>
            <Col span={24}>
              <Card title="圈层概况" size="small">
                <Table<CircleDashboardRow>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={d.items}
                  scroll={{ x: 800 }}
                  onRow={(r) => ({
                    onClick: () => navigate(`/circles/${encodeURIComponent(r.id)}`),
                    className: 'panel-clickable',
                  })}
                  columns={[
                    {
                      title: '圈层',
                      key: 'name',
                      render: (_: unknown, r) => <CircleChip circle={r} />,
                    },
                    { title: '成员', dataIndex: 'members', align: 'right', render: count },
                    {
                      title: '近 30 天进入',
                      dataIndex: 'entries30d',
                      align: 'right',
                      render: count,
                    },
                    { title: '近 30 天退出', dataIndex: 'exits30d', align: 'right', render: count },
                    {
                      title: '净变化',
                      key: 'net',
                      align: 'right',
                      render: (_: unknown, r) => signed(r.entries30d - r.exits30d),
                    },
                    {
                      title: '营收占比',
                      dataIndex: 'revenueShare',
                      align: 'right',
                      render: (v: number) => percent(v, 1),
                    },
                    {
                      title: '权益渗透率',
                      dataIndex: 'perkPenetration',
                      align: 'right',
                      render: (v: number) =>
                        v < alertBelow ? (
                          <Tag color="red">{percent(v, 1)} 偏低</Tag>
                        ) : (
                          percent(v, 1)
                        ),
                    },
                  ]}
                />
              </Card>
            </Col>
          </>
        )}
        <Col span={24}>
          <CircleFlowCard colorOf={colorOf} />
        </Col>
      </Row>
    </>
  );
}
