import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
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
});
