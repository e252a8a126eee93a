import { seedDemoPerks } from '@circles/server/src/modules/perks/perks.seed';
import { seedDemoBrand } from '@circles/server/src/modules/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

describe('demo perks in the demo brand seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('assigns every perk kind to the seeded tiers, with claims and uses for the metrics', async () => {
    await seedDemoBrand(t.container, { members: 400, seed: 7 });
    const { perks } = t.container.services;
    const catalogue = await perks.catalog.list({ status: 'active' });
    expect(new Set(catalogue.map((p) => p.kind)).size).toBe(7);
    expect(catalogue.find((p) => p.kind === 'event_access')?.tierCodes).toEqual(['black']);
    expect(catalogue.find((p) => p._id === 'welcome_coupon')?.tierCodes).toEqual(['normal']);

    const m = await perks.metrics();
    const claimed = m.perks.reduce((s, p) => s + p.membersClaimed, 0);
    const used = m.perks.reduce((s, p) => s + p.membersUsed, 0);
    expect(claimed).toBeGreaterThan(20);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(claimed);
    for (const row of m.tiers) expect(row.penetration).toBeLessThanOrEqual(1);

    const before = await perks.m.PerkInstance.countDocuments();
    const again = await seedDemoPerks(t.container);
    expect(again.perks).toBe(0);
    expect(again.claims).toBe(0);
    expect(await perks.m.PerkInstance.countDocuments()).toBe(before);
    // Seeded claims count against the quota like real ones: a used monthly coupon is spent.
    const spent = await perks.m.PerkInstance.findOne({
      perkCode: 'monthly_coupon',
      usedAt: { $ne: null },
    }).lean();
    await expect(perks.claim(spent!.memberId, 'monthly_coupon')).rejects.toMatchObject({
      code: 'PERK_QUOTA_EXCEEDED',
    });
  }, 120_000);
});
