import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { loginMember, order, signedPost } from './helpers/member';

const perk = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `权益${code}`,
  description: '到店出示核销码',
  kind: 'free_shipping',
  tierCodes: ['gold', 'diamond', 'black'],
  quota: { period: 'month', limit: 1 },
  validityDays: 30,
  ...extra,
});

describe('perks: catalogue, claims, locked perks and redemption', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let analyst: TestAdmin;
  let gold: string;
  let silver: string;
  const mp = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    [ops, analyst] = [await loginAs(t, 'ops'), await loginAs(t, 'analyst')];
    await signedPost(t, '/api/integrations/orders', order({ openid: 'p-gold' }, 600_000)).expect(
      200,
    );
    await signedPost(t, '/api/integrations/orders', order({ openid: 'p-silver' }, 150_000)).expect(
      200,
    );
    gold = (await loginMember(t, 'p-gold')).token;
    silver = (await loginMember(t, 'p-silver')).token;
    for (const body of [
      perk('gold_ship'),
      perk('silver_coupon', {
        kind: 'coupon',
        tierCodes: ['silver'],
        quota: { period: 'year', limit: 2 },
      }),
      perk('black_preview', { kind: 'new_product_preview', tierCodes: ['black'] }),
      perk('newbie_gift', {
        kind: 'custom',
        tierCodes: ['normal'],
        quota: { period: 'lifetime', limit: 1 },
      }),
    ]) {
      await t.http.post('/api/admin/perks').set(bearer(ops.token)).send(body).expect(201);
    }
  }, 60_000);
  afterAll(() => t.close());

  it('creates perks with an audit record; analysts and consultant managers cannot write', async () => {
    const audit = await t.http
      .get('/api/admin/audit-logs?action=perk.create&targetId=gold_ship')
      .set(bearer((await loginAs(t, 'admin')).token))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ target: { type: 'perk', id: 'gold_ship' } });
    expect(audit.body.items[0].after.quota).toEqual({ period: 'month', limit: 1 });
    const cm = await loginAs(t, 'consultant-manager');
    for (const who of [analyst, cm]) {
      const r = await t.http
        .post('/api/admin/perks')
        .set(bearer(who.token))
        .send(perk('sneaky'))
        .expect(403);
      expect(r.body.error.code).toBe('ROLE_FORBIDDEN');
    }
    const list = await t.http.get('/api/admin/perks').set(bearer(analyst.token)).expect(200);
    expect(list.body.items.map((p: { code: string }) => p.code)).not.toContain('sneaky');
  });

  it('refuses bad perks naming the field at fault, and saves nothing', async () => {
    const badKind = await t.http
      .post('/api/admin/perks')
      .set(bearer(ops.token))
      .send(perk('bad_kind', { kind: 'cashback' }))
      .expect(400);
    expect(badKind.body.error.details.fields[0].path).toBe('body.kind');
    const badTier = await t.http
      .post('/api/admin/perks')
      .set(bearer(ops.token))
      .send(perk('bad_tier', { tierCodes: ['gold', 'platinum'] }))
      .expect(400);
    expect(badTier.body.error.details.fields[0].path).toBe('body.tierCodes.1');
    const taken = await t.http
      .post('/api/admin/perks')
      .set(bearer(ops.token))
      .send(perk('gold_ship'))
      .expect(409);
    expect(taken.body.error).toMatchObject({
      code: 'PERK_CODE_TAKEN',
      details: { fields: [{ path: 'body.code' }] },
    });
    const zeroQuota = await t.http
      .post('/api/admin/perks')
      .set(bearer(ops.token))
      .send(perk('zero', { quota: { period: 'week', limit: 0 } }))
      .expect(400);
    expect(zeroQuota.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(
      ['body.quota.limit', 'body.quota.period'],
    );
    for (const code of ['bad_kind', 'bad_tier', 'zero'])
      await t.http.get(`/api/admin/perks/${code}`).set(bearer(ops.token)).expect(404);
  });

  it("lists the member's perks, and higher tiers' perks locked with the tier that unlocks them", async () => {
    const res = await t.http.get('/api/mp/perks').set(mp(silver)).expect(200);
    expect(res.body.tier).toEqual({ code: 'silver', name: '银卡' });
    const byCode = Object.fromEntries(res.body.perks.map((p: { code: string }) => [p.code, p]));
    expect(Object.keys(byCode)).toEqual(['silver_coupon', 'gold_ship', 'black_preview']);
    expect(byCode.silver_coupon).toMatchObject({
      state: 'claimable',
      remaining: 2,
      quotaText: '每年 2 次',
      lockedText: null,
    });
    expect(byCode.gold_ship).toMatchObject({
      state: 'locked',
      remaining: 0,
      unlockTier: { code: 'gold', name: '金卡' },
      lockedText: '升级到金卡解锁',
    });
    expect(byCode.black_preview.lockedText).toBe('升级到黑金解锁');
  });

  it('refuses a locked perk with 403 PERK_TIER_LOCKED and an unknown one with 404', async () => {
    const locked = await t.http.post('/api/mp/perks/gold_ship/claim').set(mp(silver)).expect(403);
    expect(locked.body.error).toMatchObject({
      code: 'PERK_TIER_LOCKED',
      details: { tierCode: 'silver', unlockTier: 'gold' },
    });
    const unknown = await t.http.post('/api/mp/perks/no_such/claim').set(mp(silver)).expect(404);
    expect(unknown.body.error.code).toBe('PERK_NOT_FOUND');
    const bad = await t.http.post('/api/mp/perks/NO!/claim').set(mp(silver)).expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('params.code');
    const count = await t.container.services.perks.m.PerkInstance.countDocuments({});
    expect(count).toBe(0);
  });

  it('issues exactly one instance to 20 concurrent claims of the same perk', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/api/mp/perks/gold_ship/claim').set(mp(gold))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const codes = new Set(answers.map((a) => a.body.redemptionCode));
    expect(codes.size).toBe(1);
    expect(answers[0]!.body).toMatchObject({
      perkCode: 'gold_ship',
      status: 'claimed',
      source: 'claim',
    });
    const stored = await t.container.services.perks.m.PerkInstance.countDocuments({
      perkCode: 'gold_ship',
    });
    expect(stored).toBe(1);
    const list = await t.http.get('/api/mp/perks').set(mp(gold)).expect(200);
    const card = list.body.perks.find((p: { code: string }) => p.code === 'gold_ship');
    expect(card).toMatchObject({ state: 'claimed', remaining: 0 });
    expect(card.instance.redemptionCode).toBe([...codes][0]);
  });

  it('redeems a code once; a replay answers with the first use; then the quota is spent', async () => {
    const claimed = await t.http.post('/api/mp/perks/gold_ship/claim').set(mp(gold)).expect(200);
    const code: string = claimed.body.redemptionCode;
    const first = await signedPost(t, '/api/integrations/perks/redeem', {
      redemptionCode: code.toLowerCase(),
      storeCode: 'SH001',
    }).expect(200);
    expect(first.body).toMatchObject({ status: 'used', firstUse: true, perkCode: 'gold_ship' });
    const again = await signedPost(t, '/api/integrations/perks/redeem', {
      redemptionCode: code,
    }).expect(200);
    expect(again.body).toMatchObject({ firstUse: false, usedAt: first.body.usedAt });
    const inst = await t.container.services.perks.m.PerkInstance.findOne({
      redemptionCode: code,
    }).lean();
    expect(inst?.usedBy).toMatchObject({ kind: 'integration', storeCode: 'SH001' });

    const spent = await t.http.post('/api/mp/perks/gold_ship/claim').set(mp(gold)).expect(409);
    expect(spent.body.error).toMatchObject({
      code: 'PERK_QUOTA_EXCEEDED',
      details: { period: 'month', limit: 1 },
    });
    const list = await t.http.get('/api/mp/perks').set(mp(gold)).expect(200);
    expect(list.body.perks.find((p: { code: string }) => p.code === 'gold_ship').state).toBe(
      'used',
    );
  });

  it("gives the consultant sidebar the member's own perks and lets a consultant redeem", async () => {
    const { perks, members } = t.container.services;
    const m = await members.findByIdentity({ kind: 'openid', value: 'p-silver' });
    const claimed = await perks.claim(m!._id, 'silver_coupon');
    const cards = await perks.sidebarPerks(m!._id);
    expect(cards.map((c) => c.perkCode)).toEqual(['silver_coupon']);
    expect(cards[0]).toMatchObject({
      status: 'claimed',
      redemptionCode: claimed.redemptionCode,
      expiresAt: claimed.expiresAt,
    });
    const used = await perks.markUsed(claimed.redemptionCode, 'consultant:zhangsan');
    expect(used).toMatchObject({
      firstUse: true,
      memberNo: m!.memberNo,
      perkName: claimed.perkName,
    });
    const inst = await perks.m.PerkInstance.findOne({
      redemptionCode: claimed.redemptionCode,
    }).lean();
    expect(inst?.usedBy).toMatchObject({ kind: 'consultant', id: 'zhangsan' });
    // One of two yearly claims left: the card offers the next one.
    expect((await perks.sidebarPerks(m!._id))[0]!.status).toBe('available');
  });

  it('issues a perk regardless of tier, once per idempotency key', async () => {
    const { perks, members } = t.container.services;
    const { member, token } = await loginMember(t, 'p-normal');
    const m = await members.byMemberNo(member.memberNo);
    const opts = {
      idempotencyKey: 'points:redeem:abc',
      sourceType: 'points_redemption',
      sourceId: 'abc',
    };
    const [a, b] = await Promise.all([
      perks.issue(m!._id, 'gold_ship', opts),
      perks.issue(m!._id, 'gold_ship', opts),
    ]);
    expect(a).toMatchObject({ source: 'issue', status: 'claimed', memberNo: member.memberNo });
    expect(b.redemptionCode).toBe(a.redemptionCode);
    const other = await perks.issue(m!._id, 'gold_ship', {
      ...opts,
      idempotencyKey: 'points:redeem:def',
    });
    expect(other.redemptionCode).not.toBe(a.redemptionCode);
    // The granted instance shows on the member's list although the tier lacks the perk.
    const list = await t.http.get('/api/mp/perks').set(mp(token)).expect(200);
    const card = list.body.perks.find((p: { code: string }) => p.code === 'gold_ship');
    expect(card).toMatchObject({ state: 'claimed', remaining: 0, lockedText: null });
    expect([a.redemptionCode, other.redemptionCode]).toContain(card.instance.redemptionCode);
    await expect(perks.issue(m!._id, 'no_such', opts)).rejects.toMatchObject({
      code: 'PERK_NOT_FOUND',
    });
  });

  it('refuses unknown, malformed and unsigned redemptions', async () => {
    const unknown = await signedPost(t, '/api/integrations/perks/redeem', {
      redemptionCode: 'ZZZZZZZZZZ',
    }).expect(404);
    expect(unknown.body.error.code).toBe('PERK_REDEMPTION_UNKNOWN');
    const missing = await signedPost(t, '/api/integrations/perks/redeem', {}).expect(400);
    expect(missing.body.error.details.fields[0].path).toBe('body.redemptionCode');
    await t.http
      .post('/api/integrations/perks/redeem')
      .send({ redemptionCode: 'ZZZZZZZZZZ' })
      .expect(401);
  });

  it('updates, reassigns (from a tier upwards) and archives perks, each audited', async () => {
    const admin = await loginAs(t, 'admin');
    const patched = await t.http
      .patch('/api/admin/perks/silver_coupon')
      .set(bearer(ops.token))
      .send({ name: '银卡专享券', validityDays: 7 })
      .expect(200);
    expect(patched.body).toMatchObject({ name: '银卡专享券', validityDays: 7 });
    const assigned = await t.http
      .put('/api/admin/perks/gold_ship/tiers')
      .set(bearer(ops.token))
      .send({ fromTier: 'silver' })
      .expect(200);
    expect(assigned.body.tierCodes).toEqual(['silver', 'gold', 'diamond', 'black']);
    const both = await t.http
      .put('/api/admin/perks/gold_ship/tiers')
      .set(bearer(ops.token))
      .send({ fromTier: 'silver', tierCodes: ['gold'] })
      .expect(400);
    expect(both.body.error.code).toBe('VALIDATION_FAILED');
    const unknownFrom = await t.http
      .put('/api/admin/perks/gold_ship/tiers')
      .set(bearer(ops.token))
      .send({ fromTier: 'platinum' })
      .expect(400);
    expect(unknownFrom.body.error.details.fields[0].path).toBe('body.fromTier');
    // Silver members can now claim it.
    await t.http.post('/api/mp/perks/gold_ship/claim').set(mp(silver)).expect(200);

    await t.http.delete('/api/admin/perks/black_preview').set(bearer(ops.token)).expect(200);
    const list = await t.http.get('/api/mp/perks').set(mp(silver)).expect(200);
    expect(list.body.perks.map((p: { code: string }) => p.code)).not.toContain('black_preview');
    await t.http.post('/api/mp/perks/black_preview/claim').set(mp(silver)).expect(404);
    const restored = await t.http
      .patch('/api/admin/perks/black_preview')
      .set(bearer(ops.token))
      .send({ status: 'active' })
      .expect(200);
    expect(restored.body.status).toBe('active');
    const badStatus = await t.http
      .patch('/api/admin/perks/black_preview')
      .set(bearer(ops.token))
      .send({ status: 'deleted', imageUrl: 'not a url' })
      .expect(400);
    expect(badStatus.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(
      ['body.imageUrl', 'body.status'],
    );

    const audit = await t.http
      .get('/api/admin/audit-logs?action=perk.')
      .set(bearer(admin.token))
      .expect(200);
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['perk.update', 'perk.assign', 'perk.archive']));
    const assign = audit.body.items.find((i: { action: string }) => i.action === 'perk.assign');
    expect(assign.before.tierCodes).toEqual(['gold', 'diamond', 'black']);
    await t.http
      .patch('/api/admin/perks/silver_coupon')
      .set(bearer(analyst.token))
      .send({ name: 'x' })
      .expect(403);
  });
});
