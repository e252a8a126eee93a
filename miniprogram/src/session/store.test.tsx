import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../test/fake-api';
import { request } from '../api/request';
import { giveConsent, withdrawConsent } from './privacy';
import { getSession, login, logout, restoreSession, sessionToken } from './store';

const mockLogin = Taro.login as unknown as jest.Mock;
const member = {
  memberNo: 'M1',
  nickname: '林小满',
  avatarUrl: null,
  phoneBound: false,
  tier: { code: 'silver', name: '银卡', rank: 1, color: '#9EAAB8' },
};
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('session store', () => {
  beforeEach(() => {
    Taro.clearStorageSync();
    logout();
    mockLogin.mockReset();
    let n = 0;
    mockLogin.mockImplementation(async () => ({ code: `code-${++n}` }));
  });

  it('sends nothing to the server before privacy consent', async () => {
    const calls = fakeApi({});

    await expect(login()).resolves.toBe(false);
    expect((await restoreSession()).status).toBe('guest');
    expect(mockLogin).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);
  });

  it('exchanges the wx.login code for a session and keeps the token', async () => {
    giveConsent();
    const calls = fakeApi({
      'POST /api/mp/session': { body: { token: 'tok-a', expiresAt: inAnHour(), member } },
    });

    await expect(login()).resolves.toBe(true);
    expect(calls[0]!.data).toEqual({ code: 'code-1' });
    expect(sessionToken()).toBe('tok-a');
    expect(getSession()).toEqual({ status: 'member', member });
  });

  it('reuses a live stored token on launch without logging in again', async () => {
    giveConsent();
    fakeApi({
      'POST /api/mp/session': { body: { token: 'tok-a', expiresAt: inAnHour(), member } },
    });
    await login();
    logout();
    Taro.setStorageSync('circles.session', { token: 'tok-a', expiresAt: inAnHour(), member });
    mockLogin.mockClear();

    expect((await restoreSession()).status).toBe('member');
    expect(mockLogin).not.toHaveBeenCalled();
  });

  it('treats a token about to expire as gone', async () => {
    giveConsent();
    Taro.setStorageSync('circles.session', {
      token: 'old',
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
      member,
    });

    expect(sessionToken()).toBeNull();
  });

  it('stays a guest when the silent login fails', async () => {
    giveConsent();
    fakeApi({ 'POST /api/mp/session': apiError(401, 'WEAPP_CODE_INVALID') });

    expect((await restoreSession()).status).toBe('guest');
  });

  it('logs in again with a fresh code when a member call answers 401', async () => {
    giveConsent();
    let sessions = 0;
    fakeApi({
      'POST /api/mp/session': () => ({
        body: { token: `tok-${++sessions}`, expiresAt: inAnHour(), member },
      }),
      'GET /api/mp/me': (call) =>
        call.header.authorization === 'Bearer tok-2'
          ? { body: { memberNo: 'M1' } }
          : apiError(401, 'TOKEN_REVOKED'),
    });
    await login();

    await expect(request('/api/mp/me')).resolves.toEqual({ memberNo: 'M1' });
    expect(mockLogin).toHaveBeenCalledTimes(2);
    expect(sessionToken()).toBe('tok-2');
  });

  it('becomes a guest when consent was withdrawn and the token expires', async () => {
    giveConsent();
    fakeApi({
      'POST /api/mp/session': { body: { token: 'tok-a', expiresAt: inAnHour(), member } },
      'GET /api/mp/me': apiError(401, 'TOKEN_EXPIRED'),
    });
    await login();
    withdrawConsent();

    await expect(request('/api/mp/me')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(getSession().status).toBe('guest');
  });
});

describe('arriving through an invite', () => {
  const launch = Taro.getLaunchOptionsSync as unknown as () => { query: Record<string, string> };
  const original = launch;
  beforeEach(() => {
    Taro.clearStorageSync();
    logout();
    mockLogin.mockImplementation(async () => ({ code: 'c' }));
    (Taro as unknown as { getLaunchOptionsSync: typeof launch }).getLaunchOptionsSync = () => ({
      query: { scene: 'INV8K2' },
    });
  });
  afterEach(() => {
    (Taro as unknown as { getLaunchOptionsSync: typeof launch }).getLaunchOptionsSync = original;
  });

  it('sends the scene with the login and binds the inviter once per code, silently', async () => {
    giveConsent();
    const calls = fakeApi({
      'POST /api/mp/session': { body: { token: 't', expiresAt: inAnHour(), member } },
      'POST /api/mp/referral/bind': apiError(409, 'REFERRAL_EXISTING_MEMBER'),
    });

    await expect(login()).resolves.toBe(true);
    await expect(login()).resolves.toBe(true);

    expect(calls.filter((c) => c.path === '/api/mp/session').map((c) => c.data)).toEqual([
      { code: 'c', scene: 'INV8K2' },
      { code: 'c', scene: 'INV8K2' },
    ]);
    const binds = calls.filter((c) => c.path === '/api/mp/referral/bind');
    expect(binds.map((c) => c.data)).toEqual([{ code: 'INV8K2' }]);
  });
});
