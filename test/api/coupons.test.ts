import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, signedPost } from './helpers/member';

// Coupons as money: terms on a coupon perk, the member's 券包, and the till's check and use
// of a coupon against an order through the POS API.
jest.setTimeout(60_000);
let t: TestApp;
let ops: TestAdmin;
let n = 0;

const CASH = { type: 'cash', value: 3_000, thresholdFen: 20_000, categories: ['护肤'] };

function createPerk(code: string, extra: Record<string, unknown>) {
  return t.http
    .post('/api/admin/perks')
    .set(bearer(ops.token))
    .send({
      code,
      name: '护肤满减券',
      kind: 'coupon',
      tierCodes: ['normal'],
      quota: { period: 'month', limit: 5 },
      validityDays: 30,
      ...extra,
    });
}

/** A member who claimed `perk`: its redemption code and the member's token. */
async function claimed(perk: string) {
  n += 1;
  const m = await loginMember(t, `o-coupon-${n}`);
  const res = await t.http.post(`/api/mp/perks/${perk}/claim`).set(bearer(m.token)).expect(200);
  return { token: m.token, code: res.body.redemptionCode as string };
}

const walletOf = async (token: string) =>
  (await t.http.get('/api/mp/coupons').set(bearer(token)).expect(200)).body.items as Array<
    Record<string, unknown>
  >;
const quote = (redemptionCode: string, order: unknown) =>
  signedPost(t, '/api/integrations/coupons/quote', { redemptionCode, order });
const redeem = (redemptionCode: string, order?: unknown) =>
  signedPost(t, '/api/integrations/perks/redeem', {
    redemptionCode,
    storeCode: 'SH001',
    ...(order ? { order } : {}),
  });

const skincare = (fen: number) => ({
  orderNo: `O-${n}`,
  amount: fen + 50_000,
  items: [
    { category: '护肤', amount: fen },
    { category: '外套', amount: 50_000 },
  ],
});

beforeAll(async () => {
  t = await startTestApp();
  ops = await loginAs(t, 'ops');
  await createPerk('skin_cash', { coupon: CASH }).expect(201);
  await createPerk('coffee', { name: '咖啡兑换券' }).expect(201);
});
afterAll(() => t.close());

describe('coupon terms', () => {
  it('keeps money terms to coupon perks, naming the field', async () => {
    const res = await createPerk('not_coupon', { kind: 'custom', coupon: CASH }).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'PERK_COUPON_TERMS_INVALID',
      details: { fields: [{ path: 'body.coupon' }] },
    });
    const bad = await createPerk('bad_fold', {
      coupon: { type: 'discount', value: 100, thresholdFen: 0 },
    }).expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.coupon.value');
  });

  it('lists a claimed coupon in 券包 with its terms and how the member got it', async () => {
    const m = await claimed('skin_cash');
    const [entry] = await walletOf(m.token);
    expect(entry).toMatchObject({
      perkCode: 'skin_cash',
      redemptionCode: m.code,
      status: 'claimed',
      termsText: '满¥200.00减¥30.00 · 限护肤',
      sourceText: '会员领取',
      coupon: { type: 'cash', value: 3_000, thresholdFen: 20_000, maxOffFen: null },
    });
  });

  it('keeps the terms a coupon was issued with when ops change the perk', async () => {
    const m = await claimed('skin_cash');
    await t.http
      .patch('/api/admin/perks/skin_cash')
      .set(bearer(ops.token))
      .send({ coupon: { ...CASH, value: 1_000 } })
      .expect(200);
    const [entry] = await walletOf(m.token);
    expect(entry?.termsText).toBe('满¥200.00减¥30.00 · 限护肤');
    expect((await quote(m.code, skincare(20_000)).expect(200)).body.discountFen).toBe(3_000);
    await t.http
      .patch('/api/admin/perks/skin_cash')
      .set(bearer(ops.token))
      .send({ coupon: CASH })
      .expect(200);
  });
});

describe('at the till', () => {
  it('quotes without using: the reason when it does not fit, the discount when it does', async () => {
    const m = await claimed('skin_cash');
    const noItems = await quote(m.code, { amount: 80_000 }).expect(200);
    expect(noItems.body).toMatchObject({
      usable: false,
      reason: '该券限护肤使用，请提供订单商品明细',
    });
    const short = await quote(m.code, skincare(15_000)).expect(200);
    expect(short.body).toMatchObject({ usable: false, eligibleFen: 15_000, discountFen: 0 });
    expect(short.body.reason).toBe('未满足使用门槛：可用商品满 ¥200.00 可用，当前 ¥150.00');
    const fits = await quote(m.code, skincare(25_000)).expect(200);
    expect(fits.body).toMatchObject({ usable: true, eligibleFen: 25_000, discountFen: 3_000 });
    expect((await walletOf(m.token))[0]?.status).toBe('claimed');
  });

  it('uses a money coupon only on an order it fits, once, recording the discount', async () => {
    const m = await claimed('skin_cash');
    const missing = await redeem(m.code).expect(400);
    expect(missing.body.error).toMatchObject({
      code: 'COUPON_ORDER_REQUIRED',
      details: { fields: [{ path: 'body.order' }] },
    });
    const short = await redeem(m.code, skincare(15_000)).expect(409);
    expect(short.body.error.code).toBe('COUPON_NOT_APPLICABLE');
    expect((await walletOf(m.token))[0]?.status).toBe('claimed');

    const used = await redeem(m.code, skincare(25_000)).expect(200);
    expect(used.body).toMatchObject({ status: 'used', firstUse: true, discountFen: 3_000 });
    const replay = await redeem(m.code, skincare(25_000)).expect(200);
    expect(replay.body).toMatchObject({ firstUse: false, discountFen: 3_000 });
    expect((await walletOf(m.token))[0]).toMatchObject({ status: 'used' });
    const after = await quote(m.code, skincare(25_000)).expect(200);
    expect(after.body).toMatchObject({ usable: false, reason: '该券已使用' });
  });

  it('lets exactly one of many tills use the same coupon at once', async () => {
    const m = await claimed('skin_cash');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => redeem(m.code, skincare(30_000))),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.firstUse === true)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.usedAt)).size).toBe(1);
  });

  it('uses a voucher without money terms without an order, as before', async () => {
    const m = await claimed('coffee');
    const used = await redeem(m.code).expect(200);
    expect(used.body).toMatchObject({ status: 'used', discountFen: null, coupon: null });
  });

  it('answers unknown codes with 404', async () => {
    const res = await quote('NOSUCHCODE', { amount: 100 }).expect(404);
    expect(res.body.error.code).toBe('PERK_REDEMPTION_UNKNOWN');
  });
});
