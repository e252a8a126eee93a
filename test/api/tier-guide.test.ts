import { bearer, loginAs } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type GuideTier = {
  code: string;
  upgradeGrowth: number;
  upgradeSpend: number;
  retainSpend: number;
  perks: Array<{ code: string }>;
  current: boolean;
};

describe('等级说明 (GET /api/mp/tiers)', () => {
  it('lists every tier with its thresholds and tier perks, and where the member stands', async () => {
    const ops = bearer((await loginAs(t, 'ops')).token);
    const perk = (code: string, extra: Record<string, unknown>) =>
      t.http
        .post('/api/admin/perks')
        .set(ops)
        .send({
          code,
          name: `权益${code}`,
          description: '',
          kind: 'coupon',
          tierCodes: ['gold', 'diamond'],
          validityDays: 30,
          quota: { period: 'month', limit: 1 },
          ...extra,
        })
        .expect(201);
    await perk('guide_gold_gift', {});
    const circle = await t.http
      .post('/api/admin/circles')
      .set(ops)
      .send({
        id: 'guide-circle',
        name: '指南圈层',
        status: 'active',
        rule: { field: 'tier', op: 'eq', value: 'gold' },
      })
      .expect(201);
    await perk('guide_circle_only', { circleIds: [circle.body.id as string] });

    const openid = `o-guide-${Date.now()}`;
    const m = await loginMember(t, openid);
    const auth = bearer(m.token);
    const before = (await t.http.get('/api/mp/tiers').set(auth).expect(200)).body;
    const codes = (before.tiers as GuideTier[]).map((x) => x.code);
    expect(codes[0]).toBe(before.tiers.find((x: GuideTier) => x.upgradeGrowth === 0).code);
    expect(before.tiers.filter((x: GuideTier) => x.current)).toHaveLength(1);
    expect(before.tiers[0].current).toBe(true);
    expect(before.nextEvaluationAt).toBeNull();
    const gold = (before.tiers as GuideTier[]).find((x) => x.code === 'gold')!;
    // 1 growth per yuan on the default ladder: the spend is the growth in fen × 100.
    expect(gold.upgradeSpend).toBe(gold.upgradeGrowth * 100);
    expect(gold.perks.map((p) => p.code)).toContain('guide_gold_gift');
    expect(gold.perks.map((p) => p.code)).not.toContain('guide_circle_only');

    await signedPost(t, '/api/integrations/orders', order({ openid }, gold.upgradeSpend)).expect(
      200,
    );
    const after = (await t.http.get('/api/mp/tiers').set(auth).expect(200)).body;
    expect(after.tiers.find((x: GuideTier) => x.current).code).toBe('gold');
    expect(after.growth).toBe(gold.upgradeGrowth);
    expect(Date.parse(after.nextEvaluationAt)).toBeGreaterThan(Date.now());
  });

  it('needs a member session', async () => {
    await t.http.get('/api/mp/tiers').expect(401);
  });
});
