import { fireEvent, screen, waitFor } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import DashboardPage from '../DashboardPage';
import { clvBandLabel, migrationCells, paretoHeadline } from './charts';

// jsdom has no canvas: the chart component shows its label and series names instead.
jest.mock('../../components/EChart', () => ({
  EChart: ({
    label,
    option,
  }: {
    label: string;
    option: { series?: Array<{ data?: unknown[] }> };
  }) => (
    <div role="img" aria-label={label}>
      {label}:{option.series?.[0]?.data?.length ?? 0}
    </div>
  ),
}));

const ALERT = {
  id: 'b'.repeat(24),
  kind: 'churn_risk',
  severity: 'warning',
  title: '高价值会员流失风险',
  detail: 'P(alive) 降至 0.32',
  memberId: 'c'.repeat(24),
  memberNo: 'M00000007',
  tierCode: 'gold',
  perkCode: null,
  status: 'open',
  createdAt: '2026-11-22T00:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
};

const MIGRATION = {
  from: '2026-11-21',
  to: '2026-11-22',
  segments: ['重要价值', '重要挽留'],
  counts: [
    [8, 2],
    [1, 5],
  ],
  shares: [
    [0.8, 0.2],
    [1 / 6, 5 / 6],
  ],
  exited: [0, 0],
  entered: [0, 0],
  fromTotals: [10, 6],
  toTotals: [9, 7],
};

const OVERVIEW = {
  run: { asOf: '2026-11-22', finishedAt: '2026-11-22T19:00:00.000Z', scored: 1200, model: null },
  tierMix: [
    { tierCode: 'silver', tierName: '银卡', members: 900 },
    { tierCode: 'gold', tierName: '金卡', members: 300 },
  ],
  segments: [
    {
      segment: '重要价值',
      flags: 'R↑F↑M↑',
      members: 100,
      memberShare: 0.12,
      revenueFen: 680_000,
      revenueShare: 0.68,
    },
  ],
  pareto: [
    { memberShare: 0.12, revenueShare: 0.68 },
    { memberShare: 0.5, revenueShare: 0.9 },
    { memberShare: 1, revenueShare: 1 },
  ],
  clvBands: [
    { fromFen: 0, members: 700 },
    { fromFen: 100_000, members: 500 },
  ],
  migration: MIGRATION,
  perkPenetration: {
    tiers: [{ tierCode: 'gold', eligibleMembers: 300, membersUsedAny: 120, penetration: 0.4 }],
    perks: [
      {
        perkCode: 'gold_coupon',
        perkName: '金卡月度券',
        tierCode: 'gold',
        eligibleMembers: 300,
        membersClaimed: 150,
        membersUsed: 90,
        usageRate: 0.3,
      },
    ],
  },
  openAlerts: { total: 1, byKind: { churn_risk: 1 }, latest: [ALERT] },
};

const ACK = `/api/admin/value/alerts/${ALERT.id}/acknowledge`;
let fetchMock: FetchMock;
let acknowledged = false;
beforeEach(() => {
  acknowledged = false;
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /healthz': () => fakeResponse(200, { status: 'ok', database: { state: 'connected' } }),
    'GET /api/admin/value/overview': () => fakeResponse(200, OVERVIEW),
    'GET /api/admin/value/alerts': ({ url }) => {
      const open = new URL(url, 'http://x').searchParams.get('status') === 'open';
      const items = open === !acknowledged ? [ALERT] : [];
      return fakeResponse(200, { items, total: items.length, page: 1, pageSize: 10 });
    },
    [`POST ${ACK}`]: () => {
      acknowledged = true;
      return fakeResponse(200, { ...ALERT, status: 'acknowledged' });
    },
  });
});
afterEach(uninstallFetch);

describe('dashboard charts', () => {
  it('names the most telling Pareto point', () => {
    expect(paretoHeadline(OVERVIEW.pareto)).toBe('前 12% 会员贡献 68% 营收');
    expect(paretoHeadline([])).toBeNull();
  });

  it('lays the migration counts out as heatmap cells (to, from, count)', () => {
    expect(migrationCells(MIGRATION)).toEqual([
      [0, 0, 8],
      [1, 0, 2],
      [0, 1, 1],
      [1, 1, 5],
    ]);
  });

  it('labels CLV bands in yuan', () => {
    expect(clvBandLabel(0, 100_000)).toBe('0–1,000元');
    expect(clvBandLabel(100_000, undefined)).toBe('≥1,000元');
  });
});

describe('dashboard page', () => {
  it('draws every chart from the overview and lists the open alerts', async () => {
    renderWithPanel(<DashboardPage />, 'ops');
    expect(await screen.findByText('前 12% 会员贡献 68% 营收')).toBeTruthy();
    expect(screen.getByText('等级分布饼图:2')).toBeTruthy();
    expect(screen.getByText('分层迁移热力图:4')).toBeTruthy();
    expect(screen.getByText('权益渗透率柱状图:1')).toBeTruthy();
    expect(screen.getByText('金卡月度券')).toBeTruthy();
    expect(screen.getByText(/数据截至 2026-11-22/)).toBeTruthy();
    expect(await screen.findByText('高价值会员流失风险')).toBeTruthy();
  });

  it('acknowledges an alert and takes it off the open list', async () => {
    renderWithPanel(<DashboardPage />, 'ops');
    expect(await screen.findByText('高价值会员流失风险')).toBeTruthy();
    fireEvent.click(screen.getByText(/^确\s?认$/, { selector: 'button span' }));
    expect(await screen.findByText('已确认预警')).toBeTruthy();
    expect(callsTo(fetchMock, `POST ${ACK}`)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByText('高价值会员流失风险')).toBeNull());
    expect(screen.getByText('暂无待处理预警')).toBeTruthy();
  });

  it('gives an analyst the charts but no run or acknowledge buttons', async () => {
    renderWithPanel(<DashboardPage />, 'analyst');
    expect(await screen.findByText('高价值会员流失风险')).toBeTruthy();
    expect(screen.queryByText('立即计算')).toBeNull();
    expect(screen.queryByText(/^确\s?认$/, { selector: 'button span' })).toBeNull();
  });
});
