import type { TestApp } from './app';

/**
 * The state an import of orders `prefix*` leaves, keyed by each member's first orderNo (the
 * same in any database): totals, lifetime growth, tier, and whether the member's tier-change
 * records form one unbroken chain of upgrades from the base tier to the current one.
 */
export async function snapshot(t: TestApp, prefix: string) {
  const s = t.container.services;
  const rows = await s.orders.m.Order.aggregate<{ _id: unknown; first: string }>([
    { $match: { orderNo: { $regex: `^${prefix}` } } },
    { $group: { _id: '$memberId', first: { $min: '$orderNo' } } },
  ]);
  const members = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const m = await s.members.require(String(r._id));
    const changes = await s.tiers.m.TierChange.find({ memberId: m._id })
      .sort({ version: 1 })
      .lean();
    const chain = changes.every(
      (c, i) =>
        c.version === i + 1 &&
        c.reason === 'upgrade' &&
        c.from === (i ? changes[i - 1]!.to : 'normal'),
    );
    members.set(r.first, {
      totalSpend: m.totalSpend,
      orderCount: m.orderCount,
      growth: await s.growth.lifetimeGrowth(m._id),
      tierCode: m.tierCode,
      chain: chain && (changes.at(-1)?.to ?? 'normal') === m.tierCode,
    });
  }
  const growth = t.container.conn.model('GrowthEntry');
  return {
    orders: await s.orders.m.Order.countDocuments({ orderNo: { $regex: `^${prefix}` } }),
    growthEntries: await growth.countDocuments({ sourceId: { $regex: `^${prefix}` } }),
    members,
  };
}
