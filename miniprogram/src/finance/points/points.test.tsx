import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test/fake-api';
import { pointsEntry, pointsSummary } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import PointsPage from '.';

describe('points page (我的积分)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('shows the balance, what expires next and the signed history', async () => {
    fakeApi({
      'GET /api/mp/points': {
        body: pointsSummary({
          history: {
            items: [
              pointsEntry({
                id: 'e2',
                delta: -500,
                reason: 'redeem',
                reasonText: '积分兑换',
                expiresOn: null,
              }),
              pointsEntry(),
            ],
            total: 2,
            page: 1,
            pageSize: 20,
          },
        }),
      },
    });
    render(<PointsPage />);

    expect((await screen.findByTestId('points-total')).textContent).toBe('1,200');
    expect(screen.getByText('300 积分将于 2025-12-31 过期，请尽快使用')).toBeTruthy();
    const rows = screen.getAllByTestId('points-row');
    expect(rows.map((r) => r.querySelector('.delta')?.textContent)).toEqual(['-500', '+1,200']);
    expect(rows[1]!.textContent).toContain('2026-12-31 到期');
    expect(screen.getByText('没有更多了')).toBeTruthy();
  });

  it('loads the next page of history on demand', async () => {
    const calls = fakeApi({
      'GET /api/mp/points': (call) => {
        const page = call.url.includes('page=2') ? 2 : 1;
        return {
          body: pointsSummary({
            history: {
              items: [
                pointsEntry({ id: `p${page}`, reasonText: page === 1 ? '订单积分' : '签到积分' }),
              ],
              total: 2,
              page,
              pageSize: 20,
            },
          }),
        };
      },
    });
    render(<PointsPage />);

    fireEvent.click(await screen.findByText('加载更多'));

    await screen.findByText('签到积分');
    await waitFor(() => expect(screen.getByText('没有更多了')).toBeTruthy());
    expect(calls.map((c) => c.url)).toEqual([
      '/api/mp/points?page=1&pageSize=20',
      '/api/mp/points?page=2&pageSize=20',
    ]);
  });

  it('shows an empty history plainly', async () => {
    fakeApi({
      'GET /api/mp/points': {
        body: pointsSummary({
          balance: 0,
          expiring: null,
          history: { items: [], total: 0, page: 1, pageSize: 20 },
        }),
      },
    });
    render(<PointsPage />);

    await screen.findByText('暂无积分记录');
    expect(screen.queryByText(/过期/)).toBeNull();
  });

  it('asks a guest to log in instead of calling the API', async () => {
    signOut();
    const calls = fakeApi({});
    const { restoreSession } = await import('../../session/store');
    await restoreSession();
    render(<PointsPage />);

    expect(screen.getByText('您还未登录')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});
