import type { AdminRole } from '@circles/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { callsTo, LADDER, routeFetch } from '../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../jest/fakeFetch';
import { panelSession } from '../../../jest/panelSession';
import { zhCN } from '../../common/locale';
import { SessionProvider } from '../auth/session';
import MemberDetailPage from './MemberDetailPage';

const BASE = '/api/admin/members/M0001';
const DETAIL = {
  memberNo: 'M0001',
  nickname: '林小姐',
  phoneMasked: '138****5678',
  tier: { code: 'gold', name: '金卡', rank: 1, color: '#C9A227' },
  growth: 1200,
  totalSpend: 650_00,
  orderCount: 3,
  // 16:30 UTC is 00:30 the next day in Beijing: the page must show the Beijing day.
  createdAt: '2026-01-31T16:30:00.000Z',
  status: 'active',
  birthday: null,
  tierValidUntil: null,
  tierOverride: null,
  tierHistory: [{ from: 'silver', to: 'gold', reason: 'upgrade', at: '2026-02-01T02:00:00.000Z' }],
  circles: [],
  identities: [],
  recentOrders: [],
  merges: [],
};
const OVERVIEW = {
  memberNo: 'M0001',
  points: {
    balance: 1_280,
    expiring: { amount: 200, on: '2026-12-31', at: '2026-12-31T15:59:59.999Z' },
  },
  wallet: { balance: 10_500, principal: 10_000, bonus: 500 },
  membership: {
    active: true,
    planCode: 'year',
    planName: '年卡会员',
    validUntil: '2027-03-01T16:00:00.000Z',
  },
  value: {
    asOf: '2026-03-01',
    segment: '重要价值',
    segmentFlags: 'R↑F↑M↑',
    scores: { r: 5, f: 4, m: 5 },
    recencyDays: 3,
    frequency: 3,
    monetaryFen: 65_000,
    pAlive: 0.873,
    expectedPurchases90d: 1.2,
    clv12mFen: 123_400,
    influenceScore: 2,
    warnings: [],
  },
  tags: [{ tagId: 't1', name: '羊绒控', groupName: '偏好', source: 'wecom' }],
  consultants: [{ userId: 'zhangsan', name: '张三' }],
  events: [
    {
      eventId: 'e1',
      title: '春季新品品鉴会',
      kind: 'tasting',
      startAt: '2026-03-12T02:00:00.000Z',
      state: 'waitlisted',
      signedUpAt: '2026-03-01T02:00:00.000Z',
      checkedInAt: null,
    },
  ],
  notes: [
    {
      id: 'n1',
      text: '偏好羊绒，周末到店',
      consultantUserId: 'zhangsan',
      consultantName: '张三',
      createdAt: '2026-03-02T02:00:00.000Z',
    },
  ],
  followUps: [],
};
const item = (n: number) => ({
  id: `note:${n}`,
  kind: 'note',
  at: `2026-03-0${n}T02:00:00.000Z`,
  title: '张三',
  code: null,
  text: `备注 ${n}`,
  points: null,
  fen: null,
});
const ORDER = {
  orderNo: 'T1001',
  channel: 'store',
  storeCode: 'SH01',
  storeName: '上海南京西路旗舰店',
  paidAt: '2026-02-27T02:00:00.000Z',
  amount: 30_000,
  refunded: 0,
  items: [{ sku: 'SKU-T', name: '真丝衬衫', category: '上装', quantity: 2, unitPrice: 15_000 }],
  refunds: [],
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    [`GET ${BASE}`]: () => fakeResponse(200, DETAIL),
    [`GET ${BASE}/360`]: () => fakeResponse(200, OVERVIEW),
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    [`GET ${BASE}/timeline`]: ({ url }) =>
      url.includes('before=')
        ? fakeResponse(200, {
            items: [
              {
                ...item(1),
                id: 'order:T1001',
                kind: 'order',
                title: 'T1001',
                code: 'partly_refunded',
                fen: 30_000,
              },
            ],
            nextBefore: null,
          })
        : fakeResponse(200, {
            items: [item(3), item(2)],
            nextBefore: '2026-03-02T02:00:00.000Z~1',
          }),
    [`GET ${BASE}/orders`]: () =>
      fakeResponse(200, { items: [ORDER], total: 1, page: 1, pageSize: 10 }),
  });
});
afterEach(uninstallFetch);

function renderPage(role: AdminRole = 'ops') {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <SessionProvider initial={panelSession(role)}>
          <MemoryRouter initialEntries={['/members/M0001']}>
            <Routes>
              <Route path="/members/:memberNo" element={<MemberDetailPage />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>,
  );
}

const card = async (title: string) =>
  (await screen.findByText(title, { selector: '.ant-card-head-title' })).closest(
    '.ant-card',
  ) as HTMLElement;

describe('member 360 page', () => {
  it('shows balances, membership, value and relations in Chinese, on Beijing time', async () => {
    renderPage();
    expect(await screen.findByText('2026-02-01 00:30')).toBeTruthy();
    const wallet = await card('储值');
    await within(wallet).findByText('¥105.00');
    expect(within(wallet).getByText('本金 ¥100.00')).toBeTruthy();
    expect(within(wallet).getByText('赠送金 ¥5.00')).toBeTruthy();
    const points = await card('积分');
    expect(within(points).getByText('200 积分将于 2026-12-31 过期')).toBeTruthy();
    const membership = await card('付费会员');
    expect(within(membership).getByText('年卡会员')).toBeTruthy();
    expect(within(membership).getByText('2027-03-02')).toBeTruthy();
    const value = await card('会员价值');
    expect(within(value).getByText('重要价值')).toBeTruthy();
    expect(within(value).getByText('¥1,234.00')).toBeTruthy();
    expect(within(value).getByText('87.3%')).toBeTruthy();
    const relations = await card('标签与专属顾问');
    expect(within(relations).getByText('偏好：羊绒控')).toBeTruthy();
    expect(within(relations).getByText('张三')).toBeTruthy();
    const events = await card('活动报名');
    expect(within(events).getByText('候补')).toBeTruthy();
    expect(within(events).getByText('品鉴会 · 2026-03-12 10:00')).toBeTruthy();
    const notes = await card('备注与跟进');
    expect(within(notes).getByText('偏好羊绒，周末到店')).toBeTruthy();
    expect(within(notes).getByText('暂无跟进事项')).toBeTruthy();
    expect(screen.getByRole('button', { name: '调整积分' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '调整储值' })).toBeTruthy();
  });

  it('pages the timeline with 加载更多 and labels the codes', async () => {
    renderPage();
    expect(await screen.findByText('备注 3')).toBeTruthy();
    expect(screen.getAllByTestId('timeline-item')).toHaveLength(2);
    fireEvent.click(screen.getByText('加载更多'));
    expect(await screen.findByText('部分退款')).toBeTruthy();
    expect(screen.getAllByTestId('timeline-item')).toHaveLength(3);
    expect(screen.getByText('没有更早的记录了')).toBeTruthy();
    expect(screen.queryByText('加载更多')).toBeNull();
    const pages = callsTo(fetchMock, `GET ${BASE}/timeline`).map((c) => c.url);
    expect(pages[pages.length - 1]).toContain(
      `before=${new URLSearchParams({ b: '2026-03-02T02:00:00.000Z~1' }).toString().slice(2)}`,
    );
  });

  it('lists orders with store names and expands their items', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('tab', { name: '订单' }));
    const row = (await screen.findByText('T1001', { selector: 'td' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('上海南京西路旗舰店')).toBeTruthy();
    expect(within(row).getByText('门店')).toBeTruthy();
    expect(within(row).getByText('¥300.00')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button'));
    expect(await screen.findByText('SKU-T')).toBeTruthy();
  });

  it('gives analysts no adjust buttons', async () => {
    renderPage('analyst');
    await within(await card('储值')).findByText('¥105.00');
    expect(screen.queryByRole('button', { name: '调整积分' })).toBeNull();
    expect(screen.queryByRole('button', { name: '调整储值' })).toBeNull();
  });

  it('shows a retryable error when the 360 fails, and an empty timeline as such', async () => {
    routeFetch(fetchMock, {
      [`GET ${BASE}`]: () => fakeResponse(200, DETAIL),
      [`GET ${BASE}/360`]: () =>
        fakeResponse(503, errorBody('UPSTREAM_FAILED', '价值服务暂不可用')),
      'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
      [`GET ${BASE}/timeline`]: () => fakeResponse(200, { items: [], nextBefore: null }),
      [`GET ${BASE}/orders`]: () =>
        fakeResponse(200, { items: [], total: 0, page: 1, pageSize: 10 }),
    });
    renderPage();
    expect(await screen.findByText('价值服务暂不可用')).toBeTruthy();
    expect(await screen.findByText('暂无动态')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '调整积分' })).toBeNull();
    await waitFor(() => expect(callsTo(fetchMock, `GET ${BASE}/360`)).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    await waitFor(() => expect(callsTo(fetchMock, `GET ${BASE}/360`)).toHaveLength(2));
  });
});
