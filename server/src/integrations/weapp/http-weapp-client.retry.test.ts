import { ManualClock } from '../../sandbox/common/clock';
import { FakeWeappServer } from '../../sandbox/weapp/fake-weapp-server';
import { HttpWeappClient, type HttpWeappClientOptions } from './http-weapp-client';

// getStableAccessToken: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
// (normal mode never replaces a token inside its lifetime; force_refresh does, ≤ 20 a day,
// ≥ 30 s apart). getwxacodeunlimit: https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode
// (check_path defaults to true, env_version to "release").
const APPID = 'wx1234567890abcdef';
const SECRET = 'weapp-secret-for-tests';

describe('HttpWeappClient token refresh, busy retries and QR defaults', () => {
  const clock = new ManualClock(Date.UTC(2025, 5, 1));
  const fake = new FakeWeappServer({
    appid: APPID,
    secret: SECRET,
    clock,
    publishedPages: ['pages/index/index'],
  });
  const slept: number[] = [];
  const make = (extra: Partial<HttpWeappClientOptions> = {}) =>
    new HttpWeappClient({
      appid: APPID,
      secret: SECRET,
      baseUrl: fake.url,
      now: () => clock.now(),
      sleep: async (ms) => void slept.push(ms),
      ...extra,
    });

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    slept.length = 0;
    clock.advance(31_000); // force_refresh needs 30 s between calls upstream
  });

  it('answers 40001 with one stable_token force_refresh shared by concurrent callers', async () => {
    const client = make();
    const dead = await client.getAccessToken();
    fake.control.invalidateAccessTokens();
    const before = fake.state.tokens.minted;
    const codes = Array.from({ length: 4 }, (_, i) =>
      fake.control.issuePhoneCode(`o-f${i}`, '13700137000'),
    );
    // A normal-mode refresh would get the same dead token back and fail again with 40001.
    const phones = await Promise.all(codes.map((c) => client.getPhoneNumber(c)));
    expect(phones.map((p) => p.purePhoneNumber)).toEqual(Array(4).fill('13700137000'));
    expect(fake.state.tokens.minted - before).toBe(1);
    expect(await client.getAccessToken()).not.toBe(dead);
  });

  it('refreshes an expired token (42001) in normal mode, keeping force_refresh for 40001', async () => {
    const client = make();
    await client.getAccessToken();
    fake.control.expireAccessTokens();
    const code = fake.control.issuePhoneCode('o-exp', '13900139000');
    await expect(client.getPhoneNumber(code)).resolves.toMatchObject({
      purePhoneNumber: '13900139000',
    });
  });

  it('retries system busy (-1) with growing backoff, then gives up', async () => {
    const client = make({ busyRetries: 2, busyDelayMs: 100 });
    await client.getAccessToken();
    fake.control.injectError('getuserphonenumber', -1, 2);
    const code = fake.control.issuePhoneCode('o-busy', '13600136000');
    await expect(client.getPhoneNumber(code)).resolves.toMatchObject({
      purePhoneNumber: '13600136000',
    });
    expect(slept).toHaveLength(2);
    expect(slept[1]!).toBeGreaterThan(slept[0]!);

    fake.control.injectError('getuserphonenumber', -1, 3);
    const next = fake.control.issuePhoneCode('o-busy2', '13600136000');
    await expect(client.getPhoneNumber(next)).rejects.toMatchObject({ errcode: -1 });
  });

  it('retries a busy token endpoint', async () => {
    fake.control.injectError('stable_token', -1, 1);
    await expect(make().getAccessToken()).resolves.toEqual(expect.any(String));
    expect(slept).toHaveLength(1);
  });

  it('makes trial and develop codes for unreleased pages (check_path off by default)', async () => {
    const trial = make({ qr: { envVersion: 'trial' } });
    await expect(
      trial.getUnlimitedQrCode({ scene: 'INV8K2', page: 'engage/referral/index' }),
    ).resolves.toMatchObject({ contentType: 'image/jpeg' });
    const release = make();
    await expect(
      release.getUnlimitedQrCode({ scene: 'INV8K2', page: 'engage/referral/index' }),
    ).rejects.toMatchObject({ errcode: 41030 });
  });

  it('is refused by the fake exactly where WeChat refuses: check_path true with any env_version', async () => {
    const client = make();
    await expect(
      client.getUnlimitedQrCode({
        scene: 'a',
        page: 'engage/referral/index',
        envVersion: 'develop',
        checkPath: true,
      }),
    ).rejects.toMatchObject({ errcode: 41030 });
    await expect(
      client.getUnlimitedQrCode({ scene: 'a', page: '/pages/index/index', checkPath: false }),
    ).rejects.toMatchObject({ errcode: 41030 });
  });
});
