import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
import { silverMember, signOut } from '../../../test/session';
import { hasConsent } from '../../session/privacy';
import { getSession } from '../../session/store';
import LoginPage from '.';

describe('login page (weapp flavour: wx.login)', () => {
  beforeEach(() => {
    signOut();
    (Taro.login as jest.Mock).mockResolvedValue({ code: 'wx-code-1' });
  });
  afterEach(() => {
    cleanup();
    jest.clearAllMocks();
  });

  it('asks for privacy consent first, then logs in with wx.login and goes home', async () => {
    const calls = fakeApi({
      'POST /api/mp/session': {
        body: {
          token: 't',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          member: silverMember,
        },
      },
    });
    render(<LoginPage />);

    const button = await screen.findByRole('button', { name: '微信一键登录' });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    fireEvent.click(button);
    expect(screen.getByRole('dialog', { name: '隐私保护提示' })).toBeTruthy();
    expect(calls).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: '同意并继续' }));

    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }));
    expect(hasConsent()).toBe(true);
    expect(calls[0]!.data).toEqual({ code: 'wx-code-1' });
    expect(getSession().member?.memberNo).toBe(silverMember.memberNo);
  });

  it('sends nothing when the member declines the privacy notice', async () => {
    const calls = fakeApi({});
    render(<LoginPage />);
    const button = await screen.findByRole('button', { name: '微信一键登录' });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());

    fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: '暂不同意' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(Taro.login).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);
  });
});
