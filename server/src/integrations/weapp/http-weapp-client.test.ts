import { ManualClock } from '../../sandbox/common/clock';
import { FakeWeappServer } from '../../sandbox/weapp/fake-weapp-server';
import { HttpWeappClient } from './http-weapp-client';
import { WeappApiError } from './weapp-errors';

const APPID = 'wx1234567890abcdef';
const SECRET = 'weapp-secret-for-tests';

describe('HttpWeappClient against the fake mini-program platform', () => {
  const clock = new ManualClock(Date.UTC(2025, 5, 1));
  const fake = new FakeWeappServer({
    appid: APPID,
    secret: SECRET,
    clock,
    perUserPerMinute: 3,
    publishedPages: ['pages/invite/index'],
    templates: { 'tpl-points': ['thing1', 'amount2'] },
  });
  let client: HttpWeappClient;

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    client = new HttpWeappClient({ appid: APPID, secret: SECRET, baseUrl: fake.url });
  });

  it('resolves a login code to openid and unionid, and refuses it the second time with 40029', async () => {
    const code = fake.control.issueLoginCode('o-alice', 'u-alice');
    const session = await client.code2Session(code);
    expect(session).toMatchObject({ openid: 'o-alice', unionid: 'u-alice' });
    expect(Buffer.from(session.sessionKey, 'base64')).toHaveLength(16);

    const again = await client.code2Session(code).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(WeappApiError);
    expect(again).toMatchObject({ errcode: 40029, code: 'WEAPP_CODE_INVALID', status: 401 });
  });

  it('refuses a login code older than five minutes', async () => {
    const code = fake.control.issueLoginCode('o-late');
    clock.advance(5 * 60_000 + 1);
    await expect(client.code2Session(code)).rejects.toMatchObject({ errcode: 40029 });
  });

  it('answers 45011 once a user passes the per-minute login limit', async () => {
    const codes = Array.from({ length: 4 }, () => fake.control.issueLoginCode('o-busy'));
    for (const c of codes.slice(0, 3)) await client.code2Session(c);
    const err = await client.code2Session(codes[3]!).catch((e: unknown) => e);
    expect(err).toMatchObject({ errcode: 45011, type: 'rate_limited' });
    clock.advance(61_000);
    const later = fake.control.issueLoginCode('o-busy');
    await expect(client.code2Session(later)).resolves.toMatchObject({ openid: 'o-busy' });
  });

  it('rejects a wrong secret with 40125 on login and 40001 on the token endpoints', async () => {
    const bad = new HttpWeappClient({ appid: APPID, secret: 'nope', baseUrl: fake.url });
    const code = fake.control.issueLoginCode('o-bob');
    await expect(bad.code2Session(code)).rejects.toMatchObject({ errcode: 40125 });
    await expect(bad.getAccessToken()).rejects.toMatchObject({ errcode: 40001 });
    const classic = new HttpWeappClient({
      appid: 'wx-other',
      secret: SECRET,
      baseUrl: fake.url,
      tokenMode: 'classic',
    });
    await expect(classic.getAccessToken()).rejects.toMatchObject({ errcode: 40013 });
  });

  it('binds a phone number once per phone code', async () => {
    const code = fake.control.issuePhoneCode('o-carol', '13800138000');
    await expect(client.getPhoneNumber(code)).resolves.toEqual({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
    });
    await expect(client.getPhoneNumber(code)).rejects.toMatchObject({
      errcode: 40029,
      code: 'WEAPP_CODE_INVALID',
    });
  });

  it('refreshes the access token once and retries when the token has expired (42001)', async () => {
    const first = await client.getAccessToken();
    expect(await client.getAccessToken()).toBe(first); // cached
    expect(fake.control.expireAccessTokens()).toBeGreaterThan(0);
    const code = fake.control.issuePhoneCode('o-dave', '+8613900139000');
    await expect(client.getPhoneNumber(code)).resolves.toMatchObject({
      purePhoneNumber: '13900139000',
    });
    expect(await client.getAccessToken()).not.toBe(first);
  });

  it('refreshes single-flight: concurrent calls that all hit 40001 cause one token fetch', async () => {
    await client.getAccessToken();
    fake.control.invalidateAccessTokens();
    const before = fake.state.tokens.minted;
    const codes = Array.from({ length: 5 }, (_, i) =>
      fake.control.issuePhoneCode(`o-p${i}`, '13700137000'),
    );
    const phones = await Promise.all(codes.map((c) => client.getPhoneNumber(c)));
    expect(phones.every((p) => p.purePhoneNumber === '13700137000')).toBe(true);
    expect(fake.state.tokens.minted - before).toBe(1);
  });

  it('mints a new classic token per call while the old one stays valid for five minutes', async () => {
    const classic = new HttpWeappClient({
      appid: APPID,
      secret: SECRET,
      baseUrl: fake.url,
      tokenMode: 'classic',
    });
    const old = await classic.getAccessToken();
    const fresh = await new HttpWeappClient({
      appid: APPID,
      secret: SECRET,
      baseUrl: fake.url,
      tokenMode: 'classic',
    }).getAccessToken();
    expect(fresh).not.toBe(old);
    expect(fake.state.tokens.check(old)).toBe(0);
    clock.advance(5 * 60_000 + 1);
    expect(fake.state.tokens.check(old)).toBe(42001);
    expect(fake.state.tokens.check(fresh)).toBe(0);
  });

  it('returns QR code image bytes and maps a bad scene to 40169 and an unknown page to 41030', async () => {
    const qr = await client.getUnlimitedQrCode({ scene: 'r=AB12cd', page: 'pages/invite/index' });
    // WeChat answers Content-Type image/jpeg; the bytes start with the JPEG SOI marker.
    expect(qr.contentType).toBe('image/jpeg');
    expect([...qr.image.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const other = await client.getUnlimitedQrCode({ scene: 'r=XY99' });
    expect(other.image.equals(qr.image)).toBe(false);

    await expect(client.getUnlimitedQrCode({ scene: 'x'.repeat(33) })).rejects.toMatchObject({
      errcode: 40169,
    });
    await expect(client.getUnlimitedQrCode({ scene: '50%off' })).rejects.toMatchObject({
      errcode: 40169,
    });
    await expect(
      client.getUnlimitedQrCode({ scene: 'a', page: 'pages/secret/index' }),
    ).rejects.toMatchObject({ errcode: 41030 });
    await expect(
      client.getUnlimitedQrCode({ scene: 'a', page: 'pages/secret/index', checkPath: false }),
    ).resolves.toMatchObject({ contentType: 'image/jpeg' });
  });

  it('sends a subscribe message only with an accepted subscription and valid data', async () => {
    fake.control.issueLoginCode('o-erin');
    const msg = {
      touser: 'o-erin',
      templateId: 'tpl-points',
      data: { thing1: '积分到账', amount2: '¥12.00' },
    };
    await expect(client.sendSubscribeMessage(msg)).rejects.toMatchObject({ errcode: 43101 });
    fake.control.acceptSubscription('o-erin', 'tpl-points');
    await expect(
      client.sendSubscribeMessage({
        ...msg,
        data: { thing1: '这是一段明显超过二十个字符的通知内容标题文字', amount2: '¥1' },
      }),
    ).rejects.toMatchObject({ errcode: 47003 });
    const sent = await client.sendSubscribeMessage(msg);
    // 64-bit, every digit kept (as a number it would round to …931600).
    expect(sent.msgid).toMatch(/^\d{19}$/);
    expect(fake.control.sentMessages('o-erin')).toEqual([
      expect.objectContaining({
        msgid: sent.msgid,
        data: { thing1: { value: '积分到账' }, amount2: { value: '¥12.00' } },
      }),
    ]);
    await expect(client.sendSubscribeMessage(msg)).rejects.toMatchObject({ errcode: 43101 });
  });

  it('maps an unreachable platform to an upstream failure', async () => {
    const dead = new HttpWeappClient({
      appid: APPID,
      secret: SECRET,
      baseUrl: 'http://127.0.0.1:1',
    });
    await expect(dead.code2Session('x')).rejects.toMatchObject({
      errcode: -1,
      type: 'upstream_failed',
    });
  });
});
