import Taro from '@tarojs/taro';
import { type FakeCall, fakeApi } from '../../test/fake-api';
import { signIn, signOut } from '../../test/session';
import { setSandboxOpenid } from '../session/platform';
import { askSubscriptions } from './subscribe';

// The H5 build resolves platform.h5.ts (Taro multi-platform files); jest resolves the weapp
// file, so this suite swaps in the H5 one.
jest.mock('../session/platform', () => jest.requireActual('../session/platform.h5'));

const TEMPLATES = {
  moment: 'event_signup',
  templates: [
    { purpose: 'event_reminder', title: '活动开始提醒', templateId: 'sandbox_event_reminder' },
    { purpose: 'care_message', title: '会员关怀通知', templateId: 'sandbox_care_message' },
  ],
};

const paths = (calls: FakeCall[]) => calls.map((c) => `${c.method} ${c.path}`);

describe('subscribe messages in the browser (H5) build', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    signOut();
    jest.clearAllMocks();
  });

  it('stands in for the member accepting through the fake platform, then reports', async () => {
    setSandboxOpenid('o-h5-member');
    const calls = fakeApi({
      'GET /api/mp/subscriptions/templates': { body: { ...TEMPLATES, sandbox: true } },
      'POST /sandbox/weapp/subscriptions': { body: { accepted: [] } },
      'POST /api/mp/subscriptions': { body: { accepted: [] } },
    });

    await askSubscriptions('event_signup');

    expect(paths(calls)).toEqual([
      'GET /api/mp/subscriptions/templates',
      'POST /sandbox/weapp/subscriptions',
      'POST /api/mp/subscriptions',
    ]);
    expect(calls[1]!.data).toEqual({
      openid: 'o-h5-member',
      templateIds: ['sandbox_event_reminder', 'sandbox_care_message'],
    });
    expect(calls[1]!.header.authorization).toBeUndefined();
    expect(calls[2]!.data).toEqual({
      results: { sandbox_event_reminder: 'accept', sandbox_care_message: 'accept' },
    });
    // No modal and no WeChat API in a browser.
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it('asks nothing when the server is not on the sandbox or there is no sandbox identity', async () => {
    setSandboxOpenid('o-h5-member');
    const real = fakeApi({
      'GET /api/mp/subscriptions/templates': { body: { ...TEMPLATES, sandbox: false } },
    });
    expect(await askSubscriptions('event_signup')).toBeNull();
    expect(paths(real)).toEqual(['GET /api/mp/subscriptions/templates']);

    setSandboxOpenid(null);
    const anonymous = fakeApi({
      'GET /api/mp/subscriptions/templates': { body: { ...TEMPLATES, sandbox: true } },
    });
    expect(await askSubscriptions('event_signup')).toBeNull();
    expect(paths(anonymous)).toEqual(['GET /api/mp/subscriptions/templates']);
  });
});
