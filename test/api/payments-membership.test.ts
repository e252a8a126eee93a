import { ManualClock } from '@circles/server/src/lib/clock';
import { perkModels } from '@circles/server/src/modules/perks/perks.model';
import { bearer, loginAs } from './helpers/admin';
import { loginMember } from './helpers/member';
import { type PayTestApp, startPayApp, transactionNotice } from './helpers/pay';

const DAY = 86_400_000;
let t: PayTestApp;
const clock = new ManualClock(new Date());
beforeAll(async () => {
  t = await startPayApp({ clock });
});
afterAll(() => t.close());

async function buy(auth: Record<string, string>, planCode: string) {
  const res = await t.http
    .post('/api/mp/memberships/orders')
    .set(auth)
    .send({ planCode })
    .expect(201);
  const no = res.body.order.outTradeNo as string;
  await t.http.post('/sandbox/wxpay/pay').send({ outTradeNo: no }).expect(200);
  await t.fake.flush();
  return { no, amount: res.body.order.amount as number };
}

const membership = async (auth: Record<string, string>) =>
  (await t.http.get('/api/mp/pay/plans').set(auth).expect(200)).body.membership;

type CardPerk = { code: string; instance: { redemptionCode: string; expiresAt: string } | null };
/** This member's black-card perks by code (the latest instance of each). */
async function blackPerks(auth: Record<string, string>) {
  const all = (await t.http.get('/api/mp/perks').set(auth).expect(200)).body.perks as CardPerk[];
  return new Map(all.filter((p) => p.code.startsWith('black_')).map((p) => [p.code, p]));
}

describe('paid membership (黑卡)', () => {
  it('starts on payment, issues its perks once, and extends when bought again', async () => {
    const m = await loginMember(t, `o-black-${Date.now()}`);
    const auth = bearer(m.token);
    expect((await membership(auth)).active).toBe(false);

    const first = await buy(auth, 'black-month');
    expect(first.amount).toBe(3_900);
    const after = await membership(auth);
    expect(after).toMatchObject({ active: true, planCode: 'black-month', planName: '黑卡 · 月卡' });
    const until = Date.parse(after.validUntil);
    expect(until - clock.now().getTime()).toBeGreaterThan(30 * DAY);

    const perks = (await t.http.get('/api/mp/perks').set(auth).expect(200)).body.perks as Array<{
      code: string;
      state: string;
      instance: { redemptionCode: string } | null;
    }>;
    const black = perks.filter((p) => p.code.startsWith('black_'));
    expect(black.map((p) => p.code).sort()).toEqual(['black_coupon_50', 'black_free_shipping']);
    expect(black.every((p) => p.instance?.redemptionCode)).toBe(true);

    // The same notification again changes nothing: same period, same perk instances.
    const again = transactionNotice(t.fake, first.no);
    await t.http.post('/callbacks/wxpay').set(again.headers).send(again.body).expect(204);
    expect((await membership(auth)).validUntil).toBe(after.validUntil);
    const perksAgain = (await t.http.get('/api/mp/perks').set(auth).expect(200)).body.perks;
    expect(perksAgain).toEqual(perks);

    await buy(auth, 'black-month');
    const extended = await membership(auth);
    expect(Date.parse(extended.validUntil) - until).toBe(31 * DAY);
  });

  it('is not a tier perk: other members never see the card’s perks', async () => {
    const m = await loginMember(t, `o-black-other-${Date.now()}`);
    const perks = (await t.http.get('/api/mp/perks').set(bearer(m.token)).expect(200)).body.perks;
    expect(perks.some((p: { code: string }) => p.code.startsWith('black_'))).toBe(false);
  });

  it('refunds the unused days pro rata and ends the card', async () => {
    const m = await loginMember(t, `o-black-refund-${Date.now()}`);
    const auth = bearer(m.token);
    const { no } = await buy(auth, 'black-month');
    clock.advance(10 * DAY);
    const ops = bearer((await loginAs(t, 'ops')).token);
    const res = await t.http
      .post(`/api/admin/pay/orders/${no}/refunds`)
      .set(ops)
      .send({ reason: '会员退卡' })
      .expect(201);
    expect(res.body.amount).toBe(Math.floor((3_900 * 21) / 31));
    await t.fake.flush();
    expect((await membership(auth)).active).toBe(false);
    expect(t.fake.state.refunds.get(res.body.outRefundNo)?.status).toBe('SUCCESS');
  });

  it('never lets a card perk outlive the card, and a refund revokes the unused ones', async () => {
    const m = await loginMember(t, `o-black-revoke-${Date.now()}`);
    const auth = bearer(m.token);
    const first = await buy(auth, 'black-month');
    const second = await buy(auth, 'black-month');
    const card = await blackPerks(auth);
    // 包邮 is valid 366 days on its own, but only as long as the month that granted it.
    const firstEnd = Date.parse((await membership(auth)).validUntil) - 31 * DAY;
    const shipping = card.get('black_free_shipping')!;
    expect(Date.parse(shipping.instance!.expiresAt)).toBe(firstEnd);

    // The ¥50 coupon is used at the till; then the first month is refunded.
    const perks = t.container.services.perks;
    await perks.markUsed(card.get('black_coupon_50')!.instance!.redemptionCode, 'pos-test');
    clock.advance(DAY);
    const ops = bearer((await loginAs(t, 'ops')).token);
    await t.http
      .post(`/api/admin/pay/orders/${first.no}/refunds`)
      .set(ops)
      .send({ reason: '会员退卡' })
      .expect(201);
    await t.fake.flush();

    const revoked = await perks
      .markUsed(shipping.instance!.redemptionCode, 'pos-test')
      .catch((err: { code: string }) => err.code);
    expect(revoked).toBe('PERK_REVOKED');
    const used = await perks.markUsed(
      card.get('black_coupon_50')!.instance!.redemptionCode,
      'pos-test',
    );
    expect(used.firstUse).toBe(false);

    // The second month moved up by the 30 days given back; its perks end with it.
    const view = await membership(auth);
    expect(view.active).toBe(true);
    const { PerkInstance } = perkModels(t.container.conn);
    const secondPerks = await PerkInstance.find({ sourceId: second.no }).lean();
    expect(secondPerks).toHaveLength(2);
    for (const p of secondPerks) {
      expect(p.expiresAt.getTime()).toBeLessThanOrEqual(Date.parse(view.validUntil));
      expect(p.revokedAt).toBeNull();
    }
  });

  it('refuses a top-up plan code on the membership route', async () => {
    const m = await loginMember(t, `o-black-bad-${Date.now()}`);
    const res = await t.http
      .post('/api/mp/memberships/orders')
      .set(bearer(m.token))
      .send({ planCode: 'topup-1000' })
      .expect(404);
    expect(res.body.error.code).toBe('PAY_PLAN_NOT_FOUND');
  });
});
