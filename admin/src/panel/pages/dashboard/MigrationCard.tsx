import { Card, DatePicker, Empty, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { fetchMigration, type MigrationView } from '../../api/value';
import { EChart } from '../../components/EChart';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { migrationOption } from './charts';

const DAY = 'YYYY-MM-DD';

/** Segment migration between two run dates (default: the last two runs), as a heatmap. */
export function MigrationCard({ initial }: { initial: MigrationView }) {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format(DAY);
  const to = range?.[1]?.format(DAY);
  const chosen = useApiData(
    (signal) => (from || to ? fetchMigration({ from, to }, signal) : Promise.resolve(initial)),
    [from, to, initial],
  );
  const view = chosen.data ?? initial;
  const option = useMemo(() => migrationOption(view), [view]);

  return (
    <Card
      title="分层迁移矩阵"
      size="small"
      extra={
        <Space>
          <Typography.Text type="secondary">
            {view.from ?? '—'} → {view.to ?? '—'}
          </Typography.Text>
          <DatePicker.RangePicker
            size="small"
            allowEmpty={[true, true]}
            onChange={(v) => setRange(v)}
            placeholder={['起始计算日', '结束计算日']}
          />
        </Space>
      }
    >
      {chosen.error && <LoadError error={chosen.error} onRetry={chosen.reload} />}
      {view.counts.every((row) => row.every((n) => n === 0)) ? (
        <Empty description="需要至少两次价值计算才能展示迁移" />
      ) : (
        <EChart option={option} height={360} label="分层迁移热力图" />
      )}
    </Card>
  );
}
