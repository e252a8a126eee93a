import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer, loginAs } from './helpers/admin';
import { loginMember, signedPost } from './helpers/member';
import { type PayTestApp, startPayApp } from './helpers/pay';

let t: PayTestApp;
let ops: Record<string, string>;
const clock = new ManualClock(new Date());
beforeAll(async () => {
  t = await startPayApp({ clock });
  ops = bearer((await loginAs(t, 'ops')).token);
});
afterAll(() => t.close());

async function paidTopUp(openid: string, planCode: string) {
  const m = await loginMember(t, openid);
  const auth = bearer(m.token);
  const res = await t.http.post('/api/mp/wallet/topups').set(auth).send({ planCode }).expect(201);
  const no = res.body.order.outTradeNo as string;
  t.fake.pay(no);
  await t.fake.flush();
  return { auth, memberNo: m.member.memberNo as string, no };
}

const walletOf = async (auth: Record<string, string>) =>
  (await t.http.get('/api/mp/wallet').set(auth).expect(200)).body;

describe('WeChat Pay refunds of top-ups', () => {
  it('pays back unspent principal only and forfeits the bonus', async () => {
    const { auth, memberNo, no } = await paidTopUp(`o-refund-${Date.now()}`, 'topup-1000');
    expect(await walletOf(auth)).toMatchObject({ principal: 100_000, bonus: 10_000 });
    // ¥330 spent at the till: proportionally ¥300 principal and ¥30 bonus.
    await signedPost(t, '/api/integrations/wallet/charges', {
      chargeNo: `C${Date.now()}`,
      member: { memberNo },
      amount: 33_000,
    }).expect(200);
    expect(await walletOf(auth)).toMatchObject({ principal: 70_000, bonus: 7_000 });

    const res = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '会员申请退储值' })
      .expect(201);
    expect(res.body).toMatchObject({
      amount: 70_000,
      walletPrincipal: 70_000,
      walletBonusForfeited: 7_000,
    });
    await t.fake.flush();

    expect(await walletOf(auth)).toMatchObject({ balance: 0, principal: 0, bonus: 0 });
    const refund = t.fake.state.refunds.get(res.body.outRefundNo);
    expect(refund).toMatchObject({
      status: 'SUCCESS',
      amount: expect.objectContaining({ refund: 70_000 }),
    });
    const list = await t.http.get('/api/admin/pay/orders').set(ops).expect(200);
    expect(list.body.items.find((o: { outTradeNo: string }) => o.outTradeNo === no)).toMatchObject({
      refunded: 70_000,
      status: 'paid',
      memberNo,
    });

    // Asking again answers the same refund; nothing more leaves the wallet or WeChat Pay.
    const again = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '重复提交' })
      .expect(201);
    expect(again.body).toMatchObject({
      outRefundNo: res.body.outRefundNo,
      amount: 70_000,
      status: 'SUCCESS',
    });
    expect([...t.fake.state.refunds.values()].filter((r) => r.out_trade_no === no)).toHaveLength(1);
  });

  it('refunds a whole untouched top-up and marks the order refunded', async () => {
    const { auth, no } = await paidTopUp(`o-refund-full-${Date.now()}`, 'topup-300');
    const res = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '误充' })
      .expect(201);
    expect(res.body.amount).toBe(30_000);
    await t.fake.flush();
    expect((await walletOf(auth)).balance).toBe(0);
    const order = await t.http.get(`/api/mp/pay/orders/${no}`).set(auth).expect(200);
    expect(order.body).toMatchObject({ status: 'refunded', refunded: 30_000 });
  });

  it('refuses unpaid orders, analysts and empty reasons, changing nothing', async () => {
    const m = await loginMember(t, `o-refund-bad-${Date.now()}`);
    const res = await t.http
      .post('/api/mp/wallet/topups')
      .set(bearer(m.token))
      .send({ planCode: 'topup-100' })
      .expect(201);
    const no = res.body.order.outTradeNo as string;
    const unpaid = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '测试' })
      .expect(409);
    expect(unpaid.body.error.code).toBe('PAY_NOT_REFUNDABLE');
    const analyst = bearer((await loginAs(t, 'analyst')).token);
    await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(analyst)
      .send({ reason: '测试' })
      .expect(403);
    const empty = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: ' ' })
      .expect(400);
    expect(empty.body.error.details.fields[0].path).toBe('body.reason');
    await t.http
      .post('/api/admin/pay/orders/CP000/refunds')
      .set(ops)
      .send({ reason: '测试' })
      .expect(404);
    expect([...t.fake.state.refunds.values()].some((r) => r.out_trade_no === no)).toBe(false);
  });

  it('retries a refund WeChat Pay could not take, through reconciliation', async () => {
    const { auth, no } = await paidTopUp(`o-refund-retry-${Date.now()}`, 'topup-100');
    t.fake.state.errors.inject('/v3/refund/domestic/refunds', 500);
    const res = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '系统繁忙时申请' })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'PROCESSING', amount: 10_000 });
    expect(t.fake.state.refunds.has(res.body.outRefundNo)).toBe(false);
    expect((await walletOf(auth)).balance).toBe(0);

    clock.advance(6 * 60_000);
    const report = await t.container.services.payReconcile.run();
    expect(report?.refundsChecked).toBeGreaterThanOrEqual(1);
    await t.fake.flush();
    expect(t.fake.state.refunds.get(res.body.outRefundNo)?.status).toBe('SUCCESS');
    const order = await t.http.get(`/api/mp/pay/orders/${no}`).set(auth).expect(200);
    expect(order.body).toMatchObject({ status: 'refunded', refunded: 10_000 });
  });

  it('gives the stored value back when WeChat Pay refuses the refund for good', async () => {
    const { auth, no } = await paidTopUp(`o-refund-refused-${Date.now()}`, 'topup-1000');
    t.fake.state.errors.inject('/v3/refund/domestic/refunds', 400);
    const res = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '被拒的退款' })
      .expect(201);
    // A 400 and no refund on WeChat Pay's side (queried): definitely not refunded.
    expect(res.body).toMatchObject({ status: 'CLOSED', walletPrincipal: 100_000 });
    expect(await walletOf(auth)).toMatchObject({ principal: 100_000, bonus: 10_000 });
    const order = await t.http.get(`/api/mp/pay/orders/${no}`).set(auth).expect(200);
    expect(order.body).toMatchObject({ status: 'paid', refunded: 0 });
  });
});
