import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerify } from 'node:crypto';
import { startSandboxPay } from '../../sandbox/wxpay/sandbox-merchant';
import type { PayNotification, PayError } from './pay-gateway';
import { WechatPayGateway } from './wechatpay-gateway';

type Sandbox = Awaited<ReturnType<typeof startSandboxPay>>;

/** A merchant notify endpoint that hands each request to the gateway, like /callbacks/wxpay. */
async function receiver(gateway: WechatPayGateway) {
  const seen: Array<PayNotification | PayError> = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      seen.push(
        await gateway.parseNotification({
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString(),
        }),
      );
      res.statusCode = 204;
    } catch (e) {
      seen.push(e as PayError);
      res.statusCode = 401;
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('WechatPayGateway against the sandbox Pay API', () => {
  let sb: Sandbox;
  let gateway: WechatPayGateway;
  let notify: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    sb = await startSandboxPay('wx0sandbox0circles');
    gateway = new WechatPayGateway({
      ...sb.merchant,
      baseUrl: sb.url,
      platformPublicKey: sb.platformPublicKey,
      downloadCertificates: true, // the certificate-mode test below switches the fake over
    });
    notify = await receiver(gateway);
  });
  afterAll(async () => {
    await notify.close();
    await sb.fake.stop();
  });

  const prepay = (no: string, total = 100_000) =>
    gateway.prepay({
      outTradeNo: no,
      description: '储值 ¥1000',
      total,
      openid: 'o-user-1',
      notifyUrl: notify.url,
    });

  it('returns requestPayment params whose paySign verifies with the merchant key', async () => {
    const p = await prepay('TOPUP000001');
    expect(p.package).toBe(`prepay_id=${p.prepayId}`);
    const msg = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    const pub = sb.fake.state.merchant.publicKey;
    expect(createVerify('RSA-SHA256').update(msg).verify(pub, p.paySign, 'base64')).toBe(true);
    expect((await gateway.query('TOPUP000001'))?.trade_state).toBe('NOTPAY');
  });

  it('delivers a verified, decrypted notification after payment, and duplicates when told', async () => {
    await prepay('TOPUP000002');
    sb.fake.pay('TOPUP000002', { duplicates: 2 });
    await sb.fake.flush();
    const got = notify.seen.filter(
      (n): n is Extract<PayNotification, { eventType: 'TRANSACTION.SUCCESS' }> =>
        !(n instanceof Error) &&
        n.eventType === 'TRANSACTION.SUCCESS' &&
        n.transaction.out_trade_no === 'TOPUP000002',
    );
    expect(got).toHaveLength(3);
    expect(new Set(got.map((n) => n.id)).size).toBe(1);
    expect(got[0]?.transaction.amount.total).toBe(100_000);
    expect((await gateway.query('TOPUP000002'))?.trade_state).toBe('SUCCESS');
  });

  it('verifies certificate-mode serials by downloading the platform certificate', async () => {
    sb.fake.setMode('certificate');
    try {
      await prepay('TOPUP000003');
      sb.fake.pay('TOPUP000003');
      await sb.fake.flush();
      const last = notify.seen.at(-1);
      expect(last).not.toBeInstanceOf(Error);
    } finally {
      sb.fake.setMode('publicKey');
    }
  });

  it('closes unpaid orders and refuses to close paid ones', async () => {
    await prepay('TOPUP000004');
    await gateway.close('TOPUP000004');
    expect((await gateway.query('TOPUP000004'))?.trade_state).toBe('CLOSED');
    await expect(gateway.close('TOPUP000002')).rejects.toMatchObject({ wxCode: 'ORDERPAID' });
    expect(await gateway.query('NO_SUCH_ORDER')).toBeNull();
  });

  it('refunds within the paid amount and notifies REFUND.SUCCESS', async () => {
    const r = await gateway.refund({
      outTradeNo: 'TOPUP000002',
      outRefundNo: 'RF000002',
      refund: 40_000,
      total: 100_000,
      notifyUrl: notify.url,
    });
    expect(r.status).toBe('PROCESSING');
    await new Promise((res) => setImmediate(res));
    await sb.fake.flush();
    expect((await gateway.queryRefund('RF000002'))?.status).toBe('SUCCESS');
    const last = notify.seen.at(-1) as PayNotification;
    expect(last.eventType).toBe('REFUND.SUCCESS');
    await expect(
      gateway.refund({
        outTradeNo: 'TOPUP000002',
        outRefundNo: 'RF000003',
        refund: 60_001,
        total: 100_000,
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('is refused by the fake when the request signature is wrong', async () => {
    const other = await startSandboxPay('wx0sandbox0circles');
    try {
      const wrong = new WechatPayGateway({
        ...other.merchant,
        mchid: sb.merchant.mchid,
        baseUrl: sb.url,
        platformPublicKey: sb.platformPublicKey,
      });
      await expect(wrong.query('TOPUP000001')).rejects.toMatchObject({
        status: 401,
        wxCode: 'SIGN_ERROR',
      });
    } finally {
      await other.fake.stop();
    }
  });

  it('rejects answers signed by someone other than the platform', async () => {
    const other = await startSandboxPay('wx0sandbox0circles');
    try {
      const fooled = new WechatPayGateway({
        ...sb.merchant,
        baseUrl: sb.url,
        platformPublicKey: { ...other.platformPublicKey, id: sb.platformPublicKey.id },
      });
      await expect(fooled.query('TOPUP000001')).rejects.toMatchObject({
        code: 'RESPONSE_SIGNATURE_INVALID',
      });
    } finally {
      await other.fake.stop();
    }
  });
});
