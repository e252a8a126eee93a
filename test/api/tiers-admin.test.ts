import { DEFAULT_TIERS } from '@circles/shared';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { loginMember, order, signedPost } from './helpers/member';

describe('admin: tier ladder, member search, manual tiers and merge reversal', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let admin: TestAdmin;
  let analyst: TestAdmin;
  beforeAll(async () => {
    t = await startTestApp();
    [ops, admin, analyst] = [
      await loginAs(t, 'ops'),
      await loginAs(t, 'admin'),
      await loginAs(t, 'analyst'),
    ];
    await signedPost(t, '/api/integrations/orders', order({ openid: 'o-g1' }, 600_000)).expect(200);
    await signedPost(t, '/api/integrations/orders', order({ openid: 'o-s1' }, 150_000)).expect(200);
    await signedPost(t, '/api/integrations/orders', order({ openid: 'o-s2' }, 110_000)).expect(200);
  });
  afterAll(() => t.close());
  const ladder = () => ({ tiers: DEFAULT_TIERS.map((x) => ({ ...x })), growthPerYuan: 1 });

  /** Silver needs 1200 (keep 1150), gold 1400 (keep 1300): o-s1 (1500) moves up, o-s2 is at risk. */
  const proposal = () => {
    const next = ladder();
    Object.assign(next.tiers[1]!, { upgradeGrowth: 1200, retainGrowth: 1150 });
    Object.assign(next.tiers[2]!, { upgradeGrowth: 1400, retainGrowth: 1300 });
    return next;
  };
  let previewed: { tiers: Array<{ code: string; preview: number }> } | null = null;

  it('previews the moves the next tier run makes with new thresholds, without changing anything', async () => {
    const res = await t.http
      .post('/api/admin/tiers/preview')
      .set(bearer(analyst.token))
      .send(proposal())
      .expect(200);
    previewed = res.body;
    const by = Object.fromEntries(res.body.tiers.map((r: { code: string }) => [r.code, r]));
    // Downgrades wait for each member's evaluation date: o-s2 keeps silver for now, at risk.
    expect(by.silver).toMatchObject({ current: 2, preview: 1, up: 1, down: 0, atRisk: 1 });
    expect(by.gold).toMatchObject({ current: 1, preview: 2, up: 0, atRisk: 0 });
    expect(res.body).toMatchObject({ movesUp: 1, movesDown: 0, outsideLadder: 0 });
    const effectiveAt = new Date(res.body.effectiveAt);
    expect(effectiveAt.getTime()).toBeGreaterThan(Date.parse(res.body.evaluatedAt));
    expect(effectiveAt.getTime() - Date.parse(res.body.evaluatedAt)).toBeLessThanOrEqual(3_600_000);
    expect(effectiveAt.getUTCMinutes()).toBe(5); // the tier job's hh:05 Beijing schedule
    const now = await t.http.get('/api/admin/tiers').set(bearer(ops.token)).expect(200);
    expect(now.body).toMatchObject({ updatedAt: null, effectiveAt: null });
    expect(now.body.tiers[1].upgradeGrowth).toBe(1000);
  });

  it('refuses a ladder whose thresholds do not strictly increase, naming the field, and saves nothing', async () => {
    const bad = ladder();
    bad.tiers[2]!.upgradeGrowth = 900;
    const res = await t.http.put('/api/admin/tiers').set(bearer(ops.token)).send(bad).expect(400);
    expect(res.body.error.code).toBe('TIER_LADDER_INVALID');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(
      'body.tiers.2.upgradeGrowth',
    );
    expect((await t.http.get('/api/admin/tiers').set(bearer(ops.token))).body.updatedAt).toBeNull();
  });

  it('saves a valid ladder with an audit record naming when it takes effect; analysts are refused', async () => {
    await t.http.put('/api/admin/tiers').set(bearer(analyst.token)).send(proposal()).expect(403);
    const saved = await t.http
      .put('/api/admin/tiers')
      .set(bearer(ops.token))
      .send(proposal())
      .expect(200);
    expect(saved.body.tiers[1].upgradeGrowth).toBe(1200);
    expect(saved.body.effectiveAt).toBe(
      (await t.http.get('/api/admin/tiers').set(bearer(ops.token))).body.effectiveAt,
    );
    expect(Date.parse(saved.body.effectiveAt)).toBeGreaterThan(Date.parse(saved.body.updatedAt));
    const audit = await t.http
      .get('/api/admin/audit-logs?action=tier.ladder.update')
      .set(bearer(admin.token))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ target: { type: 'tier-ladder' } });
    expect(audit.body.items[0].before.tiers[1].upgradeGrowth).toBe(1000);
    expect(audit.body.items[0].after).toMatchObject({ effectiveAt: saved.body.effectiveAt });
  });

  it('applies the saved ladder to every member on the next tier run, exactly as previewed', async () => {
    const members = t.container.services.members;
    const run = await t.container.services.tierJob.run();
    expect(run).toMatchObject({ ran: true, changed: 1 });
    expect(run.appliedLadder).toBe(
      (await t.http.get('/api/admin/tiers').set(bearer(ops.token))).body.updatedAt,
    );
    const counts = await members.query.countByTier();
    for (const row of previewed!.tiers)
      expect([row.code, counts.get(row.code) ?? 0]).toEqual([row.code, row.preview]);
    const after = await t.http.get('/api/admin/tiers').set(bearer(ops.token)).expect(200);
    expect(after.body.effectiveAt).toBeNull();
    // Applied: the next run is the ordinary due pass and changes nothing.
    const rerun = await t.container.services.tierJob.run();
    expect(rerun).toMatchObject({ ran: true, changed: 0 });
    expect(rerun.appliedLadder).toBeUndefined();
    const again = await t.http
      .post('/api/admin/tiers/preview')
      .set(bearer(ops.token))
      .send(proposal())
      .expect(200);
    expect(again.body).toMatchObject({ movesUp: 0, movesDown: 0 });
  });

  it('keeps a ladder saved during a tier run pending for the next run', async () => {
    const tiers = t.container.services.tiers;
    const first = await t.http.put('/api/admin/tiers').set(bearer(ops.token)).send(proposal());
    const older = new Date(first.body.updatedAt);
    await new Promise((r) => setTimeout(r, 5)); // a later save time
    const next = proposal();
    next.tiers[1]!.pointsMultiplier = 1.3;
    const second = await t.http.put('/api/admin/tiers').set(bearer(ops.token)).send(next);
    // A run that finished the pass for the first save must not mark the second applied.
    expect(await tiers.markLadderApplied(older)).toBe(false);
    expect((await tiers.pendingLadder())?.updatedAt.toISOString()).toBe(second.body.updatedAt);
    const run = await t.container.services.tierJob.run();
    expect(run.appliedLadder).toBe(second.body.updatedAt);
    expect(await tiers.pendingLadder()).toBeNull();
  });

  it('sets a manual tier with an end date and a reason, recorded in the tier history', async () => {
    const { member } = await loginMember(t, 'o-manual');
    const memberNo: string = member.memberNo;
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const noReason = await t.http
      .post(`/api/admin/members/${memberNo}/tier`)
      .set(bearer(ops.token))
      .send({ code: 'gold', until })
      .expect(400);
    expect(noReason.body.error.details.fields[0].path).toBe('body.reason');
    const res = await t.http
      .post(`/api/admin/members/${memberNo}/tier`)
      .set(bearer(ops.token))
      .send({ code: 'gold', until, reason: '大客户补偿' })
      .expect(200);
    expect(res.body).toMatchObject({
      tier: { code: 'gold' },
      tierOverride: { code: 'gold', reason: '大客户补偿' },
    });
    expect(res.body.tierHistory[0]).toMatchObject({
      to: 'gold',
      reason: 'manual',
      note: '大客户补偿',
    });
  });

  it('undoes a OneID merge: identities, orders and growth go back to the merged member', async () => {
    const pos = await signedPost(
      t,
      '/api/integrations/orders',
      order({ phone: '13700002222' }, 300_000),
    ).expect(200);
    const { token } = await loginMember(t, 'o-merge');
    const code = await t.http
      .post('/sandbox/weapp/phone-code')
      .send({ openid: 'o-merge', phone: '13700002222' });
    await t.http
      .post('/api/mp/phone')
      .set(bearer(token))
      .send({ code: code.body.code })
      .expect(200);
    const detail = await t.http
      .get(`/api/admin/members/${pos.body.memberNo}`)
      .set(bearer(admin.token))
      .expect(200);
    const merge = detail.body.merges[0];
    expect(merge).toMatchObject({ survivorNo: pos.body.memberNo, status: 'applied' });

    await t.http
      .post(`/api/admin/merges/${merge.id}/reverse`)
      .set(bearer(ops.token))
      .send({ reason: '误合并' })
      .expect(403);
    await t.http
      .post(`/api/admin/merges/${merge.id}/reverse`)
      .set(bearer(admin.token))
      .send({ reason: '误合并' })
      .expect(200);

    const me = await t.http.get('/api/mp/me').set(bearer(token)).expect(200);
    expect(me.body.memberNo).toBe(merge.loserNo);
    expect(me.body.growth).toBe(0);
    const survivor = await t.http
      .get(`/api/admin/members/${pos.body.memberNo}`)
      .set(bearer(admin.token))
      .expect(200);
    expect(survivor.body).toMatchObject({ growth: 3000, orderCount: 1 });
    expect(survivor.body.merges[0].status).toBe('reversed');
  });

  it('finds a member by phone through the lookup hash', async () => {
    const res = await t.http
      .get('/api/admin/members?phone=13700002222')
      .set(bearer(ops.token))
      .expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].phoneMasked).toBe('137****2222');
  });
});
