import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../test/fake-api';
import { onAppShow } from './arrival';
import { entryScene, rememberEntry } from './entry';
import { giveConsent } from './privacy';
import { login, logout } from './store';

// wx.getEnterOptionsSync / App.onShow: a hot start (the mini-program was in the background and
// the member opens a friend's card) is not in getLaunchOptionsSync, which only knows the cold
// start. https://developers.weixin.qq.com/miniprogram/dev/api/base/app/life-cycle/wx.getEnterOptionsSync.html
type Options = () => { query: Record<string, string> };
const taro = Taro as unknown as { getLaunchOptionsSync: Options; getEnterOptionsSync: Options };
const member = {
  memberNo: 'M1',
  nickname: '林小满',
  avatarUrl: null,
  phoneBound: false,
  tier: { code: 'silver', name: '银卡', rank: 1, color: '#9EAAB8' },
};
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('arriving through an invite on a hot start', () => {
  const launch = taro.getLaunchOptionsSync;
  const enter = taro.getEnterOptionsSync;
  beforeEach(() => {
    Taro.clearStorageSync();
    logout();
    rememberEntry(undefined);
    (Taro.login as unknown as jest.Mock).mockImplementation(async () => ({ code: 'c' }));
    taro.getLaunchOptionsSync = () => ({ query: {} }); // the cold start had no scene
  });
  afterEach(() => {
    taro.getLaunchOptionsSync = launch;
    taro.getEnterOptionsSync = enter;
  });

  it('reads the scene from the enter options, decoded, when the launch had none', async () => {
    taro.getEnterOptionsSync = () => ({ query: { scene: encodeURIComponent('r=INV8K2') } });
    expect(entryScene()).toBe('r=INV8K2');
    giveConsent();
    const calls = fakeApi({
      'POST /api/mp/session': { body: { token: 't', expiresAt: inAnHour(), member } },
      'POST /api/mp/referral/bind': { body: {} },
    });
    await login();
    expect(calls[0]!.data).toEqual({ code: 'c', scene: 'r=INV8K2' });
  });

  it('sends the onShow scene with the login that follows', async () => {
    giveConsent();
    const calls = fakeApi({
      'POST /api/mp/session': { body: { token: 't', expiresAt: inAnHour(), member } },
      'POST /api/mp/referral/bind': { body: {} },
    });
    await onAppShow({ inviter: 'INV9Q3' }); // a guest: nothing to bind yet
    expect(calls).toHaveLength(0);
    await login();
    expect(calls.map((c) => c.data)).toEqual([{ code: 'c', scene: 'INV9Q3' }, { code: 'INV9Q3' }]);
  });

  it('binds right away when a signed-in member comes back through a friend’s card', async () => {
    giveConsent();
    const calls = fakeApi({
      'POST /api/mp/session': { body: { token: 't', expiresAt: inAnHour(), member } },
      'POST /api/mp/referral/bind': apiError(409, 'REFERRAL_EXISTING_MEMBER'),
    });
    await login();
    await onAppShow({ scene: 'INV7Z1' });
    const binds = calls.filter((c) => c.path === '/api/mp/referral/bind');
    expect(binds.map((c) => c.data)).toEqual([{ code: 'INV7Z1' }]);
  });
});
