import type { ChartOption } from '../../components/EChart';
import type { MigrationView, ValueOverview } from '../../api/value';

// Pure option builders: the page only fetches and lays out, these are tested on their own.

const pct = (r: number) => Math.round(r * 1000) / 10;

export function tierMixOption(mix: ValueOverview['tierMix']): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        data: mix.map((t) => ({ name: t.tierName, value: t.members })),
      },
    ],
  };
}

export function segmentOption(rows: ValueOverview['segments']): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    legend: { data: ['会员占比', '营收占比'], bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: rows.map((r) => r.segment), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '会员占比', type: 'bar', data: rows.map((r) => pct(r.memberShare)) },
      { name: '营收占比', type: 'bar', data: rows.map((r) => pct(r.revenueShare)) },
    ],
  };
}

/**
 * The headline of the Pareto curve: the point furthest above the diagonal, where "the top
 * x% of members bring y% of revenue" says the most. Null without data.
 */
export function paretoHeadline(points: ValueOverview['pareto']): string | null {
  let best: ValueOverview['pareto'][number] | null = null;
  for (const p of points) {
    if (p.memberShare <= 0 || p.memberShare >= 1) continue;
    if (!best || p.revenueShare - p.memberShare > best.revenueShare - best.memberShare) best = p;
  }
  if (!best) return null;
  return `前 ${Math.round(best.memberShare * 100)}% 会员贡献 ${Math.round(best.revenueShare * 100)}% 营收`;
}

export function paretoOption(points: ValueOverview['pareto']): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'value', max: 100, name: '会员%', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '累计营收占比',
        type: 'line',
        smooth: true,
        showSymbol: false,
        areaStyle: { opacity: 0.15 },
        data: [[0, 0], ...points.map((p) => [pct(p.memberShare), pct(p.revenueShare)])],
      },
    ],
  };
}

export function clvBandLabel(fromFen: number, next: number | undefined): string {
  const y = (f: number) => `${Math.round(f / 100).toLocaleString('zh-CN')}`;
  return next === undefined ? `≥${y(fromFen)}元` : `${y(fromFen)}–${y(next)}元`;
}

export function clvOption(bands: ValueOverview['clvBands']): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: {
      type: 'category',
      data: bands.map((b, i) => clvBandLabel(b.fromFen, bands[i + 1]?.fromFen)),
      axisLabel: { rotate: 30 },
    },
    yAxis: { type: 'value', name: '人数' },
    series: [{ name: '会员数', type: 'bar', data: bands.map((b) => b.members) }],
  };
}

/** Heatmap cells [toIndex, fromIndex, count]: rows are "from" segments, columns "to". */
export function migrationCells(m: MigrationView): Array<[number, number, number]> {
  const cells: Array<[number, number, number]> = [];
  m.counts.forEach((row, i) => {
    row.forEach((n, j) => {
      cells.push([j, i, n]);
    });
  });
  return cells;
}

export function migrationOption(m: MigrationView): ChartOption {
  const cells = migrationCells(m);
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return {
    tooltip: {
      formatter: (p: { value: [number, number, number] }) =>
        `${m.segments[p.value[1]]} → ${m.segments[p.value[0]]}：${p.value[2]} 人`,
    },
    grid: { left: 96, right: 16, top: 16, bottom: 96 },
    xAxis: { type: 'category', data: m.segments, name: '迁入', axisLabel: { rotate: 30 } },
    yAxis: { type: 'category', data: m.segments, name: '迁出' },
    visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data: cells, label: { show: true } }],
  };
}

export function penetrationOption(
  tiers: ValueOverview['perkPenetration']['tiers'],
  nameOf: (code: string) => string,
): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: tiers.map((t) => nameOf(t.tierCode)) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: '权益渗透率', type: 'bar', data: tiers.map((t) => pct(t.penetration)) }],
  };
}
