import { Card, DatePicker, Empty, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { fetchCirclesFlow } from '../../api/circles';
import { EChart } from '../../components/EChart';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { flowOption } from './charts';

const DAY = 'YYYY-MM-DD';

/** Where members of each circle / RFM segment on one day are on another, as a Sankey. */
export function CircleFlowCard({ colorOf }: { colorOf: (id: string) => string | undefined }) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(30, 'day'), dayjs()]);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const flow = useApiData((signal) => fetchCirclesFlow({ from, to }, signal), [from, to]);
  const f = flow.data;
  const option = useMemo(() => (f ? flowOption(f, colorOf) : null), [f, colorOf]);
  const moving = f?.links.some((l) => l.members > 0) ?? false;

  return (
    <Card
      title="圈层流转"
      size="small"
      extra={
        <Space>
          <Typography.Text type="secondary">
            左：{from} 所在 → 右：{to} 所在
          </Typography.Text>
          <DatePicker.RangePicker
            size="small"
            value={range}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            placeholder={['起始日', '结束日']}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
          />
        </Space>
      }
    >
      {flow.error && <LoadError error={flow.error} onRetry={flow.reload} />}
      {flow.loading && !f && <Card loading size="small" variant="borderless" />}
      {f &&
        (moving && option ? (
          <EChart option={option} height={420} label="圈层流转桑基图" />
        ) : (
          <Empty description="这段时间没有可展示的成员流转（需要两天都有圈层计算结果）" />
        ))}
    </Card>
  );
}
