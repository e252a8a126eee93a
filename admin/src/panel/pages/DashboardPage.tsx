import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Row, Space, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { HealthStatus } from '../../common/HealthStatus';
import { useHealth } from '../../common/health';
import { errorText } from '../api/errors';
import { fetchOverview, runValueJob } from '../api/value';
import { useCanWrite } from '../auth/session';
import { EChart } from '../components/EChart';
import { LoadError } from '../components/LoadError';
import { count, dateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { PageTitle } from '../layout/PagePlaceholder';
import { AlertsCard } from './dashboard/AlertsCard';
import {
  clvOption,
  paretoHeadline,
  paretoOption,
  penetrationOption,
  segmentOption,
  tierMixOption,
} from './dashboard/charts';
import { MigrationCard } from './dashboard/MigrationCard';
import { PerkUsageTable } from './dashboard/PerkUsageTable';

// Before the first value run every series is zeros: say "no data" instead of drawing them.
const sum = (ns: number[]) => ns.reduce((a, n) => a + n, 0);

function ChartCard({
  title,
  empty,
  children,
}: {
  title: ReactNode;
  empty: boolean;
  children: ReactNode;
}) {
  return (
    <Card title={title} size="small">
      {empty ? <Empty description="暂无数据" /> : children}
    </Card>
  );
}

/** Programme overview: tier mix, value segments, Pareto, CLV, migration, perks, alerts. */
export default function DashboardPage() {
  const { message } = App.useApp();
  const health = useHealth();
  const writable = useCanWrite('dashboard');
  const overview = useApiData((signal) => fetchOverview(signal), []);
  const [running, setRunning] = useState(false);
  const o = overview.data;
  const tierName = useMemo(() => {
    const names = new Map(o?.tierMix.map((t) => [t.tierCode, t.tierName]));
    return (code: string) => names.get(code) ?? code;
  }, [o]);
  const options = useMemo(
    () =>
      o && {
        tierMix: tierMixOption(o.tierMix),
        segments: segmentOption(o.segments),
        pareto: paretoOption(o.pareto),
        clv: clvOption(o.clvBands),
        penetration: penetrationOption(o.perkPenetration.tiers, tierName),
      },
    [o, tierName],
  );

  async function runNow() {
    setRunning(true);
    try {
      const r = await runValueJob();
      message.success(
        r.ran
          ? `计算完成：${count(r.scored)} 名会员，新增预警 ${r.alertsRaised} 条`
          : '计算已在进行中',
      );
      overview.reload();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setRunning(false);
    }
  }

  const headline = o ? paretoHeadline(o.pareto) : null;
  return (
    <>
      <PageTitle
        title="概览"
        extra={
          <Space>
            <Typography.Text type="secondary">
              {o?.run
                ? `数据截至 ${o.run.asOf}（${count(o.run.scored)} 名会员，${dateTime(o.run.finishedAt)} 计算）`
                : o
                  ? '尚未进行价值计算'
                  : ''}
            </Typography.Text>
            {writable && (
              <Button icon={<ReloadOutlined />} loading={running} onClick={runNow}>
                立即计算
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card title="系统状态" size="small">
            <HealthStatus state={health.state} onRetry={health.reload} />
          </Card>
        </Col>
        {overview.error && !o && (
          <Col span={24}>
            <LoadError error={overview.error} onRetry={overview.reload} />
          </Col>
        )}
        {overview.loading && !o && (
          <Col span={24}>
            <Card loading size="small" />
          </Col>
        )}
        {o && options && (
          <>
            <Col xs={24} lg={8}>
              <ChartCard title="等级分布" empty={sum(o.tierMix.map((t) => t.members)) === 0}>
                <EChart option={options.tierMix} label="等级分布饼图" />
              </ChartCard>
            </Col>
            <Col xs={24} lg={16}>
              <ChartCard
                title="RFM 分层规模与营收占比"
                empty={sum(o.segments.map((r) => r.members)) === 0}
              >
                <EChart option={options.segments} label="RFM 分层柱状图" />
              </ChartCard>
            </Col>
            <Col xs={24} lg={12}>
              <ChartCard title={headline ?? '帕累托曲线'} empty={o.pareto.length === 0}>
                <EChart option={options.pareto} label="帕累托曲线" />
              </ChartCard>
            </Col>
            <Col xs={24} lg={12}>
              <ChartCard
                title="12 个月 CLV 分布"
                empty={sum(o.clvBands.map((b) => b.members)) === 0}
              >
                <EChart option={options.clv} label="CLV 分布柱状图" />
              </ChartCard>
            </Col>
            <Col span={24}>
              <MigrationCard initial={o.migration} />
            </Col>
            <Col xs={24} lg={10}>
              <ChartCard
                title="各等级权益渗透率"
                empty={sum(o.perkPenetration.tiers.map((t) => t.eligibleMembers)) === 0}
              >
                <EChart option={options.penetration} label="权益渗透率柱状图" />
              </ChartCard>
            </Col>
            <Col xs={24} lg={14}>
              <Card title="权益使用" size="small">
                <PerkUsageTable rows={o.perkPenetration.perks} nameOf={tierName} />
              </Card>
            </Col>
          </>
        )}
        <Col span={24}>
          <AlertsCard onChanged={overview.reload} />
        </Col>
      </Row>
    </>
  );
}
