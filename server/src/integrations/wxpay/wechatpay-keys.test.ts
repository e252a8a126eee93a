import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxPay } from '../../sandbox/wxpay/sandbox-merchant';
import type { PayNotification } from './pay-gateway';
import { WechatPayGateway, type WechatPayOptions } from './wechatpay-gateway';

// 微信支付公钥 (https://pay.weixin.qq.com/doc/v3/merchant/4012153196) and 如何从平台证书切换成
// 微信支付公钥 (https://pay.weixin.qq.com/doc/v3/merchant/4012154180): the `Wechatpay-Serial`
// header names the key — a platform certificate serial or `PUB_KEY_ID_…`; new merchants have
// no certificates (/v3/certificates answers 404); while switching, answers are signed with the
// key the request's `Wechatpay-Serial` names and notifications use either.
type Sandbox = Awaited<ReturnType<typeof startSandboxPay>>;

async function receiver(gateway: () => WechatPayGateway) {
  const seen: Array<PayNotification | Error> = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString();
    await gateway()
      .parseNotification({ headers: req.headers, rawBody })
      .then(
        (n) => seen.push(n),
        (e: Error) => seen.push(e),
      );
    res.statusCode = seen.at(-1) instanceof Error ? 401 : 204;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A notification nobody signed, with a made-up serial: what a flood of forgeries looks like. */
const forged = (serial: string, nowMs: number) => ({
  headers: {
    'wechatpay-serial': serial,
    'wechatpay-signature': 'Zm9yZ2Vk',
    'wechatpay-timestamp': String(Math.floor(nowMs / 1000)),
    'wechatpay-nonce': 'N0NCE',
  },
  rawBody: '{"id":"x","event_type":"TRANSACTION.SUCCESS","resource":{}}',
});

describe('WeChat Pay verification keys: public key first, certificates as the fallback', () => {
  let sb: Sandbox;
  let current: WechatPayGateway;
  let notify: Awaited<ReturnType<typeof receiver>>;
  const gateway = (extra: Partial<WechatPayOptions>) =>
    new WechatPayGateway({ ...sb.merchant, baseUrl: sb.url, ...extra });

  beforeAll(async () => {
    sb = await startSandboxPay('wx0sandbox0circles');
    notify = await receiver(() => current);
  });
  afterAll(async () => {
    await notify.close();
    await sb.fake.stop();
  });
  beforeEach(() => {
    notify.seen.length = 0;
  });

  it('works for a public-key merchant that has no platform certificates at all', async () => {
    sb.fake.setMode('publicKey');
    current = gateway({ platformPublicKey: sb.platformPublicKey });
    const before = sb.fake.state.certificateDownloads;
    await current.prepay({
      outTradeNo: 'PK000001',
      description: 'x',
      total: 100,
      openid: 'o1',
      notifyUrl: notify.url,
    });
    sb.fake.pay('PK000001');
    await sb.fake.flush();
    expect(notify.seen).toEqual([expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS' })]);
    expect(sb.fake.state.certificateDownloads).toBe(before);
  });

  it('names the public key on requests, so answers are signed with it while switching', async () => {
    sb.fake.setMode('migrating');
    current = gateway({ platformPublicKey: sb.platformPublicKey, downloadCertificates: false });
    const before = sb.fake.state.certificateDownloads;
    await expect(current.query('NO_SUCH_ORDER')).resolves.toBeNull();
    await expect(
      current.prepay({
        outTradeNo: 'PK000002',
        description: 'x',
        total: 1,
        openid: 'o1',
        notifyUrl: notify.url,
      }),
    ).resolves.toMatchObject({ package: expect.stringMatching(/^prepay_id=/) });
    expect(sb.fake.state.certificateDownloads).toBe(before); // no certificate was needed
  });

  it('verifies notifications signed by either key while switching, downloading certificates once', async () => {
    sb.fake.setMode('migrating');
    current = gateway({ platformPublicKey: sb.platformPublicKey, downloadCertificates: true });
    const before = sb.fake.state.certificateDownloads;
    for (const no of ['PK000003', 'PK000004', 'PK000005']) {
      await current.prepay({
        outTradeNo: no,
        description: 'x',
        total: 1,
        openid: 'o1',
        notifyUrl: notify.url,
      });
      sb.fake.pay(no);
      await sb.fake.flush();
    }
    expect(notify.seen.filter((n) => n instanceof Error)).toEqual([]);
    expect(notify.seen).toHaveLength(3);
    expect(sb.fake.state.certificateDownloads - before).toBe(1);
  });

  it('lets a flood of unknown serials cause at most one download per 10 minutes', async () => {
    sb.fake.setMode('certificate');
    current = gateway({}); // an older merchant: certificates only
    const before = sb.fake.state.certificateDownloads;
    const flood = Array.from({ length: 40 }, (_, i) =>
      current.parseNotification(forged(`5157F09EFDC096DE15EBE81A4705${i}`, Date.now())),
    );
    const results = await Promise.allSettled(flood);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const serial of ['AAAA', 'BBBB', 'CCCC']) {
      await expect(current.parseNotification(forged(serial, Date.now()))).rejects.toMatchObject({
        code: 'SERIAL_UNKNOWN',
      });
    }
    expect(sb.fake.state.certificateDownloads - before).toBe(1);
    // The real certificate was installed by that one download and keeps working.
    await current.prepay({
      outTradeNo: 'PK000006',
      description: 'x',
      total: 1,
      openid: 'o1',
      notifyUrl: notify.url,
    });
    sb.fake.pay('PK000006');
    await sb.fake.flush();
    expect(notify.seen.at(-1)).toMatchObject({ eventType: 'TRANSACTION.SUCCESS' });
    expect(sb.fake.state.certificateDownloads - before).toBe(1);
  });

  it('never downloads for a PUB_KEY_ID serial it does not know, nor for probe signatures', async () => {
    sb.fake.setMode('publicKey');
    current = gateway({ platformPublicKey: sb.platformPublicKey, downloadCertificates: true });
    const before = sb.fake.state.certificateDownloads;
    await expect(
      current.parseNotification(forged('PUB_KEY_ID_0000000000000000000000000001', Date.now())),
    ).rejects.toMatchObject({ code: 'SERIAL_UNKNOWN' });
    expect(sb.fake.state.certificateDownloads).toBe(before);
  });

  it('is refused by the fake for certificates when the merchant is in public-key mode', async () => {
    sb.fake.setMode('publicKey');
    current = gateway({ platformPublicKey: sb.platformPublicKey });
    await expect(current.refreshCertificates()).rejects.toMatchObject({
      status: 404,
      wxCode: 'RESOURCE_NOT_EXISTS',
    });
  });
});
