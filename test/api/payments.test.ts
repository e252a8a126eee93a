import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer } from './helpers/admin';
import { loginMember } from './helpers/member';
import {
  flipTag,
  forgedSignature,
  type PayTestApp,
  signedAt,
  startPayApp,
  transactionNotice,
} from './helpers/pay';

let t: PayTestApp;
let clock: ManualClock;
beforeAll(async () => {
  clock = new ManualClock(new Date());
  t = await startPayApp({ clock });
});
afterAll(() => t.close());

let seq = 0;
async function member() {
  seq++;
  const m = await loginMember(t, `o-pay-${seq}-${Date.now()}`);
  return { ...m, auth: bearer(m.token) };
}

async function wallet(auth: Record<string, string>) {
  const res = await t.http.get('/api/mp/wallet').set(auth).expect(200);
  return res.body as { balance: number; principal: number; bonus: number };
}

async function topUp(auth: Record<string, string>, planCode = 'topup-1000') {
  const res = await t.http.post('/api/mp/wallet/topups').set(auth).send({ planCode }).expect(201);
  return res.body.order.outTradeNo as string;
}

const postNotice = (n: { body: string; headers: Record<string, string> }) =>
  t.http.post('/callbacks/wxpay').set(n.headers).send(n.body);

async function orderOf(auth: Record<string, string>, no: string) {
  return (await t.http.get(`/api/mp/pay/orders/${no}`).set(auth).expect(200)).body;
}

describe('WeChat Pay top-ups', () => {
  it('goes from prepay to a credited wallet through the fake’s notification', async () => {
    const m = await member();
    const res = await t.http
      .post('/api/mp/wallet/topups')
      .set(m.auth)
      .send({ planCode: 'topup-1000', amount: 1 })
      .expect(201);
    // The amount comes from the server-side plan; the client's is ignored.
    expect(res.body.order).toMatchObject({ amount: 100_000, status: 'pending', applied: false });
    expect(res.body.payment).toMatchObject({
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=/),
    });

    const no = res.body.order.outTradeNo as string;
    await t.http.post('/sandbox/wxpay/pay').send({ outTradeNo: no }).expect(200);
    await t.fake.flush();

    expect(await orderOf(m.auth, no)).toMatchObject({ status: 'paid', applied: true });
    expect(await wallet(m.auth)).toEqual(
      expect.objectContaining({ balance: 110_000, principal: 100_000, bonus: 10_000 }),
    );
  });

  it('credits once when the same notification arrives 10 times', async () => {
    const toppedUp: string[] = [];
    t.container.services.domainEvents.subscribe('wallet.topped_up', 'test.topups', async (p) => {
      toppedUp.push(`${p.outTradeNo}:${p.amount}`);
    });
    const m = await member();
    const no = await topUp(m.auth, 'topup-500');
    t.fake.pay(no, { duplicates: 9 });
    await t.fake.flush();
    const delivery = t.fake.notifier.deliveries.find((d) => d.outTradeNo === no);
    expect(delivery?.statuses).toHaveLength(10);
    expect(delivery?.statuses.every((s) => s === 204)).toBe(true);
    expect((await wallet(m.auth)).balance).toBe(50_000);
    // And ten concurrent copies of one notification.
    const no2 = await topUp(m.auth, 'topup-100');
    t.fake.pay(no2, { notify: false });
    const n = transactionNotice(t.fake, no2);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postNotice(n)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(204));
    expect((await wallet(m.auth)).balance).toBe(60_000);
    // One wallet.topped_up per top-up, however many notifications came.
    expect(toppedUp).toEqual([`${no}:50000`, `${no2}:10000`]);
  });

  describe('rejects forged or altered notifications and changes nothing', () => {
    let m: Awaited<ReturnType<typeof member>>;
    let no: string;
    beforeAll(async () => {
      m = await member();
      no = await topUp(m.auth);
      t.fake.pay(no, { notify: false });
    });
    afterEach(async () => {
      expect(await orderOf(m.auth, no)).toMatchObject({ status: 'pending', applied: false });
      expect((await wallet(m.auth)).balance).toBe(0);
    });

    it('a flipped GCM tag', async () => {
      const res = await postNotice(flipTag(t.fake, transactionNotice(t.fake, no).body));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'FAIL', message: 'DECRYPT_FAILED' });
    });

    it('a forged signature', async () => {
      const n = transactionNotice(t.fake, no);
      const res = await postNotice({ body: n.body, headers: forgedSignature(n.headers, n.body) });
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('SIGNATURE_INVALID');
    });

    it('an unknown serial', async () => {
      const n = transactionNotice(t.fake, no);
      const headers = {
        ...n.headers,
        'Wechatpay-Serial': 'PUB_KEY_ID_0000000000000000000000000000',
      };
      const res = await postNotice({ body: n.body, headers });
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('SERIAL_UNKNOWN');
    });

    it('a timestamp more than 5 minutes old', async () => {
      const n = transactionNotice(t.fake, no);
      const stale = signedAt(t.fake, n.body, Date.now() - 6 * 60_000);
      const res = await postNotice({ body: n.body, headers: stale });
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('TIMESTAMP_SKEWED');
    });

    it('an amount that differs from the order', async () => {
      const res = await postNotice(
        transactionNotice(t.fake, no, { amount: { total: 1, payer_total: 1, currency: 'CNY' } }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('FAIL');
    });

    it('a notification for another merchant', async () => {
      const res = await postNotice(transactionNotice(t.fake, no, { mchid: '1900000000' }));
      expect(res.status).toBe(400);
    });
  });

  it('reconciliation applies a payment whose notification never came, exactly once', async () => {
    const m = await member();
    const no = await topUp(m.auth, 'topup-300');
    t.fake.pay(no, { notify: false });
    clock.advance(6 * 60_000);
    const first = await t.container.services.payReconcile.run();
    expect(first?.applied).toBeGreaterThanOrEqual(1);
    await t.container.services.payReconcile.run();
    // The notification arrives late after all: still credited once.
    expect((await postNotice(transactionNotice(t.fake, no))).status).toBe(204);
    expect(await orderOf(m.auth, no)).toMatchObject({ status: 'paid', applied: true });
    expect((await wallet(m.auth)).balance).toBe(30_000);
  });

  it('reconciliation closes an unpaid order after it expires', async () => {
    const m = await member();
    const no = await topUp(m.auth, 'topup-100');
    clock.advance(31 * 60_000);
    await t.container.services.payReconcile.run();
    expect((await orderOf(m.auth, no)).status).toBe('closed');
    expect(t.fake.order(no)?.trade_state).toBe('CLOSED');
    await t.http.post('/sandbox/wxpay/pay').send({ outTradeNo: no }).expect(409);
  });

  it('answers 404 with the field at fault for an unknown plan and creates nothing', async () => {
    const m = await member();
    const before = t.fake.state.orders.size;
    const res = await t.http
      .post('/api/mp/wallet/topups')
      .set(m.auth)
      .send({ planCode: 'topup-999999' })
      .expect(404);
    expect(res.body.error.code).toBe('PAY_PLAN_NOT_FOUND');
    expect(res.body.error.details.fields[0].path).toBe('body.planCode');
    const bad = await t.http.post('/api/mp/wallet/topups').set(m.auth).send({}).expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.planCode');
    expect(t.fake.state.orders.size).toBe(before);
  });

  it('lists the plans with the bonus of the active rules', async () => {
    const m = await member();
    const res = await t.http.get('/api/mp/pay/plans').set(m.auth).expect(200);
    expect(res.body.payEnabled).toBe(true);
    expect(res.body.topUps).toContainEqual(
      expect.objectContaining({ code: 'topup-1000', amount: 100_000, bonus: 10_000 }),
    );
    expect(res.body.topUps).toContainEqual(
      expect.objectContaining({ code: 'topup-500', bonus: 0 }),
    );
  });
});
