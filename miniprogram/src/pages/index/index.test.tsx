import { cleanup, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../../test/fake-api';
import { meSilver, pointsSummary, walletSummary } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import { restoreSession } from '../../session/store';
import Index from '.';

describe('home page (会员中心)', () => {
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('offers a guest the login page and calls no member API', async () => {
    const calls = fakeApi({});
    await restoreSession(); // no consent yet → guest
    render(<Index />);

    expect(screen.getByText('欢迎加入圈层会员')).toBeTruthy();
    screen.getByRole('button', { name: '登录 / 注册' }).click();
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/account/login/index' });
    expect(screen.queryByText('储值余额')).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it("shows the member's tier, progress to the next tier and expiring points", async () => {
    signIn();
    fakeApi({
      'GET /api/mp/me': { body: meSilver },
      'GET /api/mp/points': { body: pointsSummary() },
      'GET /api/mp/wallet': { body: walletSummary() },
    });
    render(<Index />);

    await waitFor(() => expect(screen.getByTestId('wallet-balance').textContent).toBe('¥1,100.00'));
    await screen.findByText('再消费 ¥3,800.00 / 再获得 3,800 成长值升级金卡');
    expect(screen.getByLabelText('会员等级 银卡')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('24');
    await waitFor(() => expect(screen.getByTestId('points-balance').textContent).toBe('1,200'));
    expect(screen.getByText('300 积分将于 2025-12-31 过期')).toBeTruthy();
    expect(screen.getByText('等级有效期至 2026-12-31')).toBeTruthy();
  });

  it('keeps the card when the points service fails, showing a dash instead of a number', async () => {
    signIn();
    fakeApi({
      'GET /api/mp/me': { body: meSilver },
      'GET /api/mp/points': apiError(503, 'DATABASE_UNAVAILABLE'),
    });
    render(<Index />);

    await screen.findByText('成长值 1,200');
    await waitFor(() => expect(screen.getByTestId('points-balance').textContent).toBe('—'));
  });

  it('opens the points page and the tabs from the quick entries', async () => {
    signIn();
    fakeApi({
      'GET /api/mp/me': { body: meSilver },
      'GET /api/mp/points': { body: pointsSummary() },
    });
    render(<Index />);

    screen.getByText('积分商城').click();
    screen.getByText('任务').click();
    screen.getByText('社群活动').click();
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/finance/redeem/index' });
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/tasks/index' });
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/engage/events/index' });
    await screen.findByText('成长值 1,200');
  });
});
