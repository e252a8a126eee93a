import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

describe('members: session, OneID, orders and tiers', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('logs in with a wx.login code and shows the member center', async () => {
    const { token, member } = await loginMember(t, 'o-alice');
    expect(member.tier).toMatchObject({ code: 'normal', name: '普通会员' });
    const me = await t.http.get('/api/mp/me').set(auth(token)).expect(200);
    expect(me.body).toMatchObject({
      memberNo: member.memberNo,
      tier: { code: 'normal' },
      growth: 0,
      tierValidUntil: null,
    });
    expect(me.body.nextTier).toEqual({
      code: 'silver',
      name: '银卡',
      growthNeeded: 1000,
      spendNeeded: 100_000,
    });
    const again = await loginMember(t, 'o-alice');
    expect(again.member.memberNo).toBe(member.memberNo);
  });

  it('refuses a reused login code with 401 WEAPP_CODE_INVALID (the fake answers 40029)', async () => {
    const { code } = await loginMember(t, 'o-reuse');
    const res = await t.http.post('/api/mp/session').send({ code }).expect(401);
    expect(res.body.error.code).toBe('WEAPP_CODE_INVALID');
  });

  it('refuses /api/mp routes without a valid token', async () => {
    expect((await t.http.get('/api/mp/me').expect(401)).body.error.code).toBe('AUTH_REQUIRED');
    expect((await t.http.get('/api/mp/me').set(auth('x.y')).expect(401)).body.error.code).toBe(
      'TOKEN_INVALID',
    );
  });

  it('merges a store customer into the mini-program member when the phone is bound', async () => {
    const posOrder = order({ phone: '13900001111' }, 120_000);
    const created = await signedPost(t, '/api/integrations/orders', posOrder).expect(200);
    const posMemberNo = created.body.memberNo;
    expect(created.body.tier.code).toBe('silver');

    const { token } = await loginMember(t, 'o-bob');
    const phoneCode = await t.http
      .post('/sandbox/weapp/phone-code')
      .send({ openid: 'o-bob', phone: '13900001111' })
      .expect(200);
    const bound = await t.http
      .post('/api/mp/phone')
      .set(auth(token))
      .send({ code: phoneCode.body.code })
      .expect(200);
    // The older (store) member survives and keeps its member number, tier and growth.
    expect(bound.body.member).toMatchObject({
      memberNo: posMemberNo,
      phoneBound: true,
      tier: { code: 'silver' },
    });
    const me = await t.http.get('/api/mp/me').set(auth(token)).expect(200);
    expect(me.body.memberNo).toBe(posMemberNo);
    expect(me.body.growth).toBe(1200);

    // Nothing counted twice: a replay of the order changes nothing.
    const replay = await signedPost(t, '/api/integrations/orders', posOrder).expect(200);
    expect(replay.body).toEqual(created.body);
    expect((await t.http.get('/api/mp/me').set(auth(token))).body.growth).toBe(1200);
  });

  it('upgrades on spend with a tier-change record, and answers a replay identically', async () => {
    const { token, member } = await loginMember(t, 'o-carol');
    const body = order({ openid: 'o-carol' }, 520_000);
    const first = await signedPost(t, '/api/integrations/orders', body).expect(200);
    expect(first.body).toMatchObject({
      memberNo: member.memberNo,
      growthEarned: 5200,
      tier: { code: 'gold' },
    });
    const second = await signedPost(t, '/api/integrations/orders', body).expect(200);
    expect(second.body).toEqual(first.body);
    const me = await t.http.get('/api/mp/me').set(auth(token)).expect(200);
    expect(me.body.growth).toBe(5200);
    expect(me.body.tierHistory).toEqual([
      expect.objectContaining({ from: 'normal', to: 'gold', reason: 'upgrade' }),
    ]);
    const conflict = await signedPost(t, '/api/integrations/orders', { ...body, amount: 1 }).expect(
      409,
    );
    expect(conflict.body.error.code).toBe('ORDER_CONFLICT');
  });

  it('reverses growth on refunds, refuses refunds above what was paid, downgrades at evaluation', async () => {
    const { token } = await loginMember(t, 'o-dave');
    const body = order({ openid: 'o-dave' }, 520_000);
    await signedPost(t, '/api/integrations/orders', body).expect(200);
    const refund = { refundNo: `${body.orderNo}-R1`, amount: 400_000, reason: '尺码不合适' };
    const r = await signedPost(
      t,
      `/api/integrations/orders/${body.orderNo}/refunds`,
      refund,
    ).expect(200);
    expect(r.body).toMatchObject({
      growthReversed: 4000,
      refunded: 400_000,
      status: 'partially_refunded',
    });
    await signedPost(t, `/api/integrations/orders/${body.orderNo}/refunds`, refund).expect(200);
    const over = await signedPost(t, `/api/integrations/orders/${body.orderNo}/refunds`, {
      refundNo: 'R2',
      amount: 120_001,
      reason: 'x',
    }).expect(409);
    expect(over.body.error.code).toBe('REFUND_EXCEEDS_PAID');

    let me = await t.http.get('/api/mp/me').set(auth(token)).expect(200);
    expect(me.body).toMatchObject({ growth: 1200, tier: { code: 'gold' } });
    expect(me.body.tierAtRisk).toMatchObject({ growthNeeded: 1800 });

    clock.advance(366 * 86_400_000);
    const job = await t.container.services.tierJob.run();
    expect(job).toMatchObject({ ran: true });
    // A year later the 30-day session has expired; the member logs in again.
    expect((await t.http.get('/api/mp/me').set(auth(token)).expect(401)).body.error.code).toBe(
      'TOKEN_EXPIRED',
    );
    const fresh = await loginMember(t, 'o-dave');
    me = await t.http.get('/api/mp/me').set(auth(fresh.token)).expect(200);
    expect(me.body.tier.code).toBe('silver');
    expect(me.body.tierHistory[0]).toMatchObject({
      from: 'gold',
      to: 'silver',
      reason: 'downgrade',
    });
    // Idempotent: a second run the same night changes nothing.
    const rerun = await t.container.services.tierJob.run();
    expect(rerun.changed).toBe(0);
    clock.set(new Date());
  });

  it('rejects bad signatures, skewed timestamps and unknown keys with specific 401s', async () => {
    const body = order({ openid: 'o-sig' }, 1000);
    const bad = await signedPost(t, '/api/integrations/orders', body, {
      secret: 'wrong-secret-000000',
    }).expect(401);
    expect(bad.body.error.code).toBe('SIGNATURE_INVALID');
    const old = Math.floor(clock.now().getTime() / 1000) - 301;
    expect(
      (await signedPost(t, '/api/integrations/orders', body, { ts: old }).expect(401)).body.error
        .code,
    ).toBe('TIMESTAMP_SKEWED');
    expect(
      (await signedPost(t, '/api/integrations/orders', body, { key: 'nobody' }).expect(401)).body
        .error.code,
    ).toBe('API_KEY_UNKNOWN');
    expect(
      await t.container.services.orders.m.Order.countDocuments({ orderNo: body.orderNo }),
    ).toBe(0);
  });

  it('answers 400 with field paths for bad orders and unknown member reference forms', async () => {
    const res = await signedPost(t, '/api/integrations/orders', {
      ...order({ email: 'a@b.c' }, 1000),
      amount: -5,
    }).expect(400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.member', 'body.amount']));
  });
});
