import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
import { meSilver } from '../../../test/fixtures';
import { showPages } from '../../../test/taro-mock';
import { signIn, signOut, silverMember } from '../../../test/session';
import { getSession, restoreSession } from '../../session/store';
import MinePage from '.';

describe('mine tab (我的)', () => {
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('offers a guest only the privacy notice and the login', async () => {
    fakeApi({});
    await restoreSession();
    render(<MinePage />);

    expect(screen.getByText('隐私保护指引')).toBeTruthy();
    expect(screen.queryByText('积分明细')).toBeNull();
    expect(screen.queryByText('退出登录')).toBeNull();
    expect(screen.getByRole('button', { name: '登录 / 注册' })).toBeTruthy();
  });

  it('nudges a member without a phone to bind one and opens member pages', () => {
    signIn({ ...silverMember, phoneBound: false });
    render(<MinePage />);

    fireEvent.click(screen.getByText(/绑定手机号/));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/account/profile/index' });
    fireEvent.click(screen.getByText('我的储值'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/finance/wallet/index' });
    fireEvent.click(screen.getByText('黑卡会员'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/finance/membership/index' });
  });

  it('logs out after confirmation', async () => {
    signIn();
    render(<MinePage />);

    await act(async () => {
      fireEvent.click(screen.getByText('退出登录'));
    });

    await waitFor(() => expect(getSession().status).toBe('guest'));
    expect(Taro.getStorageSync('circles.session')).toBe('');
    expect(screen.getByText('欢迎加入圈层会员')).toBeTruthy();
  });

  it('shows the live tier and phone state, again each time the tab shows', async () => {
    signIn({ ...silverMember, phoneBound: false });
    let me = { ...meSilver, phoneBound: false };
    const calls = fakeApi({ 'GET /api/mp/me': () => ({ body: me }) });
    render(<MinePage />);
    await screen.findByText(/绑定手机号/);
    expect(screen.getByLabelText('会员等级 银卡')).toBeTruthy();

    // Meanwhile the phone was bound on the profile page and an order lifted the tier.
    const gold = { code: 'gold', name: '金卡', rank: 2, color: '#C9A45C' };
    me = { ...meSilver, phoneBound: true, tier: gold, nextTier: null };
    act(() => showPages());
    await screen.findByLabelText('会员等级 金卡');
    expect(screen.queryByText(/绑定手机号/)).toBeNull();
    expect(getSession().member).toMatchObject({ phoneBound: true, tier: { code: 'gold' } });
    expect(Taro.getStorageSync('circles.session').member.tier.code).toBe('gold');
    expect(calls.filter((c) => c.path === '/api/mp/me')).toHaveLength(2);
  });
});
