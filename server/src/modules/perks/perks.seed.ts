import { randomBytes } from 'node:crypto';
import {
  type PerkBody,
  perkExpiresAt,
  perkPeriodKey,
  redemptionCodeFrom,
  sortLadder,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { Container } from '../../container';
import { isAppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { type PerkInstanceDoc, perkModels } from './perks.model';

type DemoPerk = Omit<
  PerkBody,
  'tierCodes' | 'imageUrl' | 'description' | 'circleIds' | 'showLocked' | 'topic' | 'coupon'
> & {
  description: string;
  coupon?: PerkBody['coupon'];
  /** Index in the ladder (0 = base tier) from which the perk is available. */
  fromIndex: number;
  /** Only that tier, not the ones above. */
  only?: boolean;
};

const DEMO: DemoPerk[] = [
  {
    code: 'welcome_coupon',
    name: '新人礼券',
    description: '首单立减 20 元',
    kind: 'coupon',
    coupon: { type: 'cash', value: 2_000, thresholdFen: 0, maxOffFen: null, categories: [] },
    fromIndex: 0,
    only: true,
    quota: { period: 'lifetime', limit: 1 },
    validityDays: 30,
  },
  {
    code: 'monthly_coupon',
    name: '会员月度礼券',
    description: '每月一张满 500 减 50 券',
    kind: 'coupon',
    coupon: { type: 'cash', value: 5_000, thresholdFen: 50_000, maxOffFen: null, categories: [] },
    fromIndex: 1,
    quota: { period: 'month', limit: 1 },
    validityDays: 30,
  },
  {
    code: 'birthday_gift',
    name: '生日礼遇',
    description: '生日当月到店领取生日礼盒',
    kind: 'birthday_gift',
    fromIndex: 1,
    quota: { period: 'year', limit: 1 },
    validityDays: 31,
  },
  {
    code: 'free_shipping',
    name: '会员包邮',
    description: '线上订单免运费',
    kind: 'free_shipping',
    fromIndex: 2,
    quota: { period: 'month', limit: 2 },
    validityDays: 30,
  },
  {
    code: 'care_service',
    name: '免费保养',
    description: '羊绒与皮具免费护理',
    kind: 'custom',
    fromIndex: 2,
    quota: { period: 'year', limit: 3 },
    validityDays: 90,
  },
  {
    code: 'priority_service',
    name: '专属顾问优先服务',
    description: '门店优先接待与预约试衣',
    kind: 'priority_service',
    fromIndex: 3,
    quota: { period: 'month', limit: 4 },
    validityDays: 30,
  },
  {
    code: 'new_preview',
    name: '新品抢先看',
    description: '新品上市前私享预览',
    kind: 'new_product_preview',
    fromIndex: 3,
    quota: { period: 'month', limit: 1 },
    validityDays: 14,
  },
  {
    code: 'private_salon',
    name: '黑金私享会',
    description: '每年两场品牌私享活动',
    kind: 'event_access',
    fromIndex: 4,
    quota: { period: 'year', limit: 2 },
    validityDays: 60,
  },
];

export interface PerkSeedSummary {
  perks: number;
  /** Instances this run inserted. */
  claims: number;
  /** Of the instances this run tried to insert, those marked used. */
  uses: number;
}

/**
 * Demo perks for the seeded ladder, plus claims and uses by a deterministic sample of members
 * (every 3rd eligible member claims, every 2nd claim is used) so the metrics and dashboards
 * have something to show. Safe to run again: existing perks are kept, claims are idempotent.
 */
export async function seedDemoPerks(c: Container, maxClaims = 1500): Promise<PerkSeedSummary> {
  const { perks, members } = c.services;
  const tiers = sortLadder((await c.services.tiers.ladder()).tiers);
  let created = 0;
  for (const d of DEMO) {
    const from = Math.min(d.fromIndex, tiers.length - 1);
    const tierCodes = (d.only ? [tiers[from]!] : tiers.slice(from)).map((t) => t.code);
    const { fromIndex: _f, only: _o, ...rest } = d;
    try {
      await perks.catalog.create({
        ...rest,
        imageUrl: null,
        tierCodes,
        circleIds: [],
        showLocked: false,
        topic: null,
        coupon: d.coupon ?? null,
      });
      created++;
    } catch (err) {
      if (!(isAppError(err) && err.code === 'PERK_CODE_TAKEN')) throw err;
    }
  }
  // Claims go in as one bulk insert under the same unique keys a real first claim of this
  // period would use (so a rerun adds nothing); per-claim service calls made the seed slow.
  const now = c.clock.now();
  const docs: PerkInstanceDoc[] = [];
  const claimable = (await perks.catalog.list({ status: 'active' })).filter(
    (p) => p.kind !== 'birthday_gift',
  );
  const perPerk = Math.ceil(maxClaims / Math.max(1, claimable.length));
  for (const p of claimable) {
    const eligible = await members.query.scan({ limit: perPerk * 3, tierCodes: p.tierCodes }, [
      'tierCode',
    ]);
    const pk = perkPeriodKey(p.quota.period, now);
    for (let i = 0; i < eligible.length; i += 3) {
      const m = eligible[i]!;
      const used = (i / 3) % 2 === 0;
      docs.push({
        _id: new Types.ObjectId(),
        memberId: m._id,
        perkCode: p._id,
        key: `${m._id}:claim:${p._id}:${pk}:1`,
        source: 'claim',
        periodKey: pk,
        tierCode: m.tierCode,
        redemptionCode: redemptionCodeFrom(randomBytes(16)),
        sourceType: null,
        sourceId: null,
        claimedAt: now,
        expiresAt: perkExpiresAt(now, p.validityDays),
        usedAt: used ? now : null,
        usedBy: used ? { kind: 'admin', id: 'demo-seed', storeCode: null } : null,
        revokedAt: null,
        coupon: p.coupon ?? null,
        mergedFrom: [],
      });
    }
  }
  const { PerkInstance } = perkModels(c.conn);
  const before = await PerkInstance.estimatedDocumentCount();
  try {
    await PerkInstance.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a rerun: those members have this period's claim
  }
  const inserted = (await PerkInstance.estimatedDocumentCount()) - before;
  const claims = inserted;
  const uses = docs.filter((d) => d.usedAt).length;
  return { perks: created, claims, uses };
}
