import { ManualClock } from '@circles/server/src/lib/clock';
import type { RefundPlan } from '@circles/server/src/sandbox/wxpay/fake-pay-state';
import { bearer, loginAs } from './helpers/admin';
import { loginMember } from './helpers/member';
import { type PayTestApp, startPayApp } from './helpers/pay';

// 退款最佳实践: query before deciding; 429/403 retried with the same out_refund_no; only a
// definite failure gives stored value back; ABNORMAL waits for ops.
jest.setTimeout(60_000);

let t: PayTestApp;
let ops: Record<string, string>;
const clock = new ManualClock(new Date());
beforeAll(async () => {
  t = await startPayApp({ clock });
  ops = bearer((await loginAs(t, 'ops')).token);
});
afterAll(() => t.close());

let seq = 0;
async function paidTopUp(planCode = 'topup-100') {
  // The manual clock runs hours ahead over the suite: a fresh ops session per case.
  ops = bearer((await loginAs(t, 'ops')).token);
  const m = await loginMember(t, `o-rr-${Date.now()}-${seq++}`);
  const auth = bearer(m.token);
  const res = await t.http.post('/api/mp/wallet/topups').set(auth).send({ planCode }).expect(201);
  const no = res.body.order.outTradeNo as string;
  t.fake.pay(no);
  await t.fake.flush();
  return { auth, no };
}

const wallet = async (auth: Record<string, string>) =>
  (await t.http.get('/api/mp/wallet').set(auth).expect(200)).body as { principal: number };
const refund = (no: string) =>
  t.http.post(`/api/admin/pay/orders/${no}/refunds`).set(ops).send({ reason: '规则测试' });
const fakeRefundsOf = (no: string) =>
  [...t.fake.state.refunds.values()].filter((r) => r.out_trade_no === no);

/** The fake WeChat Pay runs on the system clock: let a slow refund's processing time pass. */
function elapseOnWeChatPay(no: string) {
  for (const r of fakeRefundsOf(no)) if (r.settleAt !== undefined) r.settleAt = 0;
}

/** Runs reconciliation as the schedule would, a few times, with notifications delivered. */
async function reconcileFor(minutes: number) {
  for (let m = 0; m < minutes; m += 6) {
    clock.advance(6 * 60_000);
    await t.container.services.payReconcile.run();
    await t.fake.flush();
  }
}

describe('refund answers other than 200', () => {
  it.each([
    [429, 'FREQUENCY_LIMITED'],
    [403, 'NOT_ENOUGH'],
  ] as const)(
    '%s %s: keeps the refund pending and retries the same out_refund_no',
    async (status, _code) => {
      const { auth, no } = await paidTopUp();
      t.fake.state.refundPlan.push({ reject: status });
      const res = await refund(no).expect(201);
      expect(res.body).toMatchObject({ status: 'PROCESSING', amount: 10_000 });
      expect((await wallet(auth)).principal).toBe(0); // taken back, not given back
      expect(fakeRefundsOf(no)).toEqual([]);
      await reconcileFor(6);
      const [r] = fakeRefundsOf(no);
      expect(r).toMatchObject({ out_refund_no: res.body.outRefundNo, status: 'SUCCESS' });
      expect((await wallet(auth)).principal).toBe(0);
    },
  );

  it('500 SYSTEM_ERROR after WeChat Pay took it: the query finds it, nothing is sent twice', async () => {
    const { auth, no } = await paidTopUp();
    t.fake.state.refundPlan.push({ reject: 500, created: true });
    const before = t.fake.state.refundRequests;
    const res = await refund(no).expect(201);
    await t.fake.flush();
    await reconcileFor(12);
    expect(t.fake.state.refundRequests - before).toBe(1);
    expect(fakeRefundsOf(no)).toHaveLength(1);
    const view = await t.http.get(`/api/mp/pay/orders/${no}`).set(auth).expect(200);
    expect(view.body).toMatchObject({ status: 'refunded', refunded: 10_000 });
    expect(res.body.status).not.toBe('CLOSED');
  });

  it('PROCESSING for a while stays pending until WeChat Pay settles it', async () => {
    const { auth, no } = await paidTopUp();
    t.fake.state.refundPlan.push({ processingForMs: 15 * 60_000 });
    const res = await refund(no).expect(201);
    await reconcileFor(6);
    const mid = await t.container.services.payRefunds.view(res.body.outRefundNo);
    expect(mid.status).toBe('PROCESSING');
    elapseOnWeChatPay(no);
    await reconcileFor(12);
    expect((await t.container.services.payRefunds.view(res.body.outRefundNo)).status).toBe(
      'SUCCESS',
    );
    expect((await wallet(auth)).principal).toBe(0);
  });
});

describe('ABNORMAL and CLOSED', () => {
  it('ABNORMAL stays pending with an ops alert, never reverts the wallet, and can be released', async () => {
    const { auth, no } = await paidTopUp();
    t.fake.state.refundPlan.push({ settle: 'ABNORMAL' });
    const res = await refund(no).expect(201);
    await t.fake.flush();
    await reconcileFor(6);
    const outRefundNo = res.body.outRefundNo as string;
    expect((await t.container.services.payRefunds.view(outRefundNo)).status).toBe('ABNORMAL');
    expect((await wallet(auth)).principal).toBe(0);
    const alerts = await t.container.services.alerts.list({ kind: 'wxpay_refund_abnormal' }, 1, 50);
    expect(alerts.items.some((a) => a.detail.includes(outRefundNo))).toBe(true);

    const applied = await t.http
      .post(`/api/admin/pay/refunds/${outRefundNo}/apply-abnormal`)
      .set(ops)
      .send({})
      .expect(200);
    expect(['PROCESSING', 'SUCCESS']).toContain(applied.body.status);
    await t.fake.flush();
    await reconcileFor(6);
    expect((await t.container.services.payRefunds.view(outRefundNo)).status).toBe('SUCCESS');
    expect((await wallet(auth)).principal).toBe(0);
  });

  it('CLOSED gives the stored value back exactly once', async () => {
    const { auth, no } = await paidTopUp();
    t.fake.state.refundPlan.push({ settle: 'CLOSED' });
    const res = await refund(no).expect(201);
    await t.fake.flush();
    await reconcileFor(12);
    expect((await t.container.services.payRefunds.view(res.body.outRefundNo)).status).toBe(
      'CLOSED',
    );
    expect((await wallet(auth)).principal).toBe(10_000);
  });
});

describe('no path pays a member twice', () => {
  const plans: RefundPlan[] = [
    {},
    { reject: 429 },
    { reject: 403 },
    { reject: 500 },
    { reject: 500, created: true },
    { processingForMs: 20 * 60_000 },
    { settle: 'ABNORMAL' },
    { settle: 'CLOSED' },
    { reject: 500, created: true, settle: 'ABNORMAL' },
    { reject: 500, created: true, settle: 'CLOSED' },
  ];
  it.each(plans.map((p) => [JSON.stringify(p), p]))('%s', async (_name, plan) => {
    const { auth, no } = await paidTopUp();
    t.fake.state.refundPlan.push(plan as RefundPlan);
    const first = await refund(no);
    expect(first.body).toMatchObject({ outRefundNo: expect.any(String) });
    // Ops press the button again, notifications repeat, reconciliation runs for an hour.
    await refund(no);
    await t.fake.flush();
    await reconcileFor(60);
    await refund(no);
    await t.fake.flush();
    const outRefundNo = first.body.outRefundNo as string;
    elapseOnWeChatPay(no);
    await reconcileFor(12);
    if ((await t.container.services.payRefunds.view(outRefundNo)).status === 'ABNORMAL') {
      await t.http.post(`/api/admin/pay/refunds/${outRefundNo}/apply-abnormal`).set(ops).send({});
      await t.fake.flush();
      await reconcileFor(12);
    }
    // What reached the member: money WeChat Pay refunded plus stored value given back.
    const paidOut = fakeRefundsOf(no)
      .filter((r) => r.status === 'SUCCESS')
      .reduce((n, r) => n + r.amount.refund, 0);
    const restored = (await wallet(auth)).principal;
    expect(fakeRefundsOf(no).length).toBeLessThanOrEqual(1);
    expect(paidOut + restored).toBe(10_000);
  });
});
