import { Card, Col, Empty, Row, Statistic } from 'antd';
import { useMemo } from 'react';
import { fetchCircleTrend } from '../../api/circles';
import { EChart } from '../../components/EChart';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { trendOption } from './charts';

/** Size per day, and who came and went in the last 30 days. */
export function CircleTrendCard({ id, color }: { id: string; color: string }) {
  const trend = useApiData((signal) => fetchCircleTrend(id, signal), [id]);
  const t = trend.data;
  const option = useMemo(() => (t ? trendOption(t.days, color) : null), [t, color]);
  const net = t ? t.entries30d - t.exits30d : 0;
  return (
    <Card title="规模趋势" size="small" loading={trend.loading && !t} className="panel-block">
      {trend.error && !t && <LoadError error={trend.error} onRetry={trend.reload} />}
      {t && (
        <>
          <Row gutter={16} className="panel-block">
            <Col span={8}>
              <Statistic title="近 30 天进入" value={t.entries30d} suffix="人" />
            </Col>
            <Col span={8}>
              <Statistic title="近 30 天退出" value={t.exits30d} suffix="人" />
            </Col>
            <Col span={8}>
              <Statistic
                title="净变化"
                value={net > 0 ? `+${net}` : String(net)}
                suffix="人"
                styles={{
                  content: { color: net < 0 ? '#cf1322' : net > 0 ? '#3f8600' : undefined },
                }}
              />
            </Col>
          </Row>
          {t.days.length === 0 || !option ? (
            <Empty description="暂无趋势数据：圈层启用并完成首次计算后开始记录" />
          ) : (
            <EChart option={option} label="圈层规模趋势折线图" />
          )}
        </>
      )}
    </Card>
  );
}
