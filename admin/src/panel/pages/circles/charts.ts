import type {
  CircleDashboard,
  CircleDashboardRow,
  CircleFlow,
  CircleTrend,
} from '../../api/circles';
import type { ChartOption } from '../../components/EChart';

// Pure option builders for the circle pages (tested apart from the canvas).

const pct = (r: number) => Math.round(r * 1000) / 10;
const shortDay = (d: string) => d.slice(5);

export function trendOption(days: CircleTrend['days'], color: string): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v} 人` },
    grid: { left: 56, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => shortDay(d.day)), boundaryGap: false },
    yAxis: { type: 'value', name: '人数', minInterval: 1 },
    series: [
      {
        name: '成员数',
        type: 'line',
        smooth: true,
        showSymbol: days.length < 40,
        itemStyle: { color },
        areaStyle: { opacity: 0.12, color },
        data: days.map((d) => d.members),
      },
    ],
  };
}

/** One line per circle in its own colour, over the union of their days. */
export function sizeTrendOption(rows: CircleDashboardRow[]): ChartOption {
  const days = [...new Set(rows.flatMap((r) => r.trend.map((t) => t.day)))].sort();
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v} 人`) },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: days.map(shortDay), boundaryGap: false },
    yAxis: { type: 'value', name: '人数', minInterval: 1 },
    series: rows.map((r) => {
      const byDay = new Map(r.trend.map((t) => [t.day, t.members]));
      return {
        name: r.name,
        type: 'line',
        smooth: true,
        showSymbol: false,
        connectNulls: true,
        itemStyle: { color: r.color },
        data: days.map((d) => byDay.get(d) ?? null),
      };
    }),
  };
}

export function revenueShareOption(rows: CircleDashboardRow[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 20 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '近 12 个月营收占比',
        type: 'bar',
        barMaxWidth: 40,
        data: rows.map((r) => ({ value: pct(r.revenueShare), itemStyle: { color: r.color } })),
      },
    ],
  };
}

export const ALERT_COLOR = '#FF4D4F';

/** Perk penetration per circle; bars under the alert line turn red, the line is drawn. */
export function penetrationOption(d: CircleDashboard): ChartOption {
  const line = pct(d.penetrationAlertBelow);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    grid: { left: 48, right: 48, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: d.items.map((r) => r.name), axisLabel: { rotate: 20 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '权益渗透率',
        type: 'bar',
        barMaxWidth: 40,
        data: d.items.map((r) => ({
          value: pct(r.perkPenetration),
          itemStyle: { color: r.perkPenetration < d.penetrationAlertBelow ? ALERT_COLOR : r.color },
        })),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: ALERT_COLOR, type: 'dashed' },
          label: { formatter: `预警线 ${line}%`, position: 'insideEndTop' },
          data: [{ yAxis: line }],
        },
      },
    ],
  };
}

/**
 * The flow as a Sankey: the left column is where members were on `from`, the right where they
 * are on `to` (two nodes per circle, so staying members are not a cycle).
 */
export function flowOption(
  flow: CircleFlow,
  colorOf: (id: string) => string | undefined,
): ChartOption {
  const labels = new Map(flow.nodes.map((n) => [n.id, n.label]));
  const links = flow.links.filter((l) => l.members > 0);
  const used = new Set(links.flatMap((l) => [`from:${l.source}`, `to:${l.target}`]));
  const nodeName = (key: string) => labels.get(key.slice(key.indexOf(':') + 1)) ?? key;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: {
        dataType?: string;
        name: string;
        value: number;
        data: { source?: string; target?: string };
      }) =>
        p.dataType === 'edge' && p.data.source && p.data.target
          ? `${nodeName(p.data.source)} → ${nodeName(p.data.target)}：${p.value} 人`
          : `${nodeName(p.name)}：${p.value} 人`,
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 96,
        top: 16,
        bottom: 16,
        nodeGap: 10,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35 },
        label: { formatter: (p: { name: string }) => nodeName(p.name) },
        data: [...used].map((name) => {
          const color = colorOf(name.slice(name.indexOf(':') + 1));
          return {
            name,
            depth: name.startsWith('from:') ? 0 : 1,
            itemStyle: color ? { color } : undefined,
          };
        }),
        links: links.map((l) => ({
          source: `from:${l.source}`,
          target: `to:${l.target}`,
          value: l.members,
        })),
      },
    ],
  };
}
