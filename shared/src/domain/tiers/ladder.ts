import type { z } from 'zod';
import type { tierDef } from '../../api/tiers';
/**
 * A tier (等级) of the ladder, as the ladder editor's schema defines it: growth thresholds are
 * growth value (成长值) in the rolling window, `pointsMultiplier` multiplies points per ¥.
 */
export type TierDef = z.infer<typeof tierDef>;

export const DEFAULT_TIERS: readonly TierDef[] = [
  {
    code: 'normal',
    name: '普通会员',
    rank: 0,
    color: '#8C8C8C',
    upgradeGrowth: 0,
    retainGrowth: 0,
    pointsMultiplier: 1,
  },
  {
    code: 'silver',
    name: '银卡',
    rank: 1,
    color: '#9EAAB8',
    upgradeGrowth: 1000,
    retainGrowth: 600,
    pointsMultiplier: 1.2,
  },
  {
    code: 'gold',
    name: '金卡',
    rank: 2,
    color: '#C9A227',
    upgradeGrowth: 5000,
    retainGrowth: 3000,
    pointsMultiplier: 1.5,
  },
  {
    code: 'diamond',
    name: '钻石',
    rank: 3,
    color: '#4C7CF3',
    upgradeGrowth: 20000,
    retainGrowth: 12000,
    pointsMultiplier: 2,
  },
  {
    code: 'black',
    name: '黑金',
    rank: 4,
    color: '#1C1C1E',
    upgradeGrowth: 50000,
    retainGrowth: 30000,
    pointsMultiplier: 3,
  },
];

/** Growth earned per whole yuan of paid spend (configurable per brand). */
export const DEFAULT_GROWTH_PER_YUAN = 1;

export interface LadderIssue {
  path: string;
  message: string;
}

/**
 * Ranks and thresholds strictly increasing, a base tier at 0, retention never above the
 * upgrade threshold. Returns every problem with its field path (empty = valid).
 */
export function validateLadder(tiers: readonly TierDef[]): LadderIssue[] {
  const issues: LadderIssue[] = [];
  if (tiers.length === 0) return [{ path: 'tiers', message: '至少需要一个等级' }];
  const codes = new Set<string>();
  tiers.forEach((t, i) => {
    if (codes.has(t.code))
      issues.push({ path: `tiers.${i}.code`, message: `等级代码 ${t.code} 重复` });
    codes.add(t.code);
    if (t.retainGrowth > t.upgradeGrowth) {
      issues.push({ path: `tiers.${i}.retainGrowth`, message: '保级成长值不能高于升级成长值' });
    }
    if (i === 0) {
      if (t.upgradeGrowth !== 0)
        issues.push({ path: 'tiers.0.upgradeGrowth', message: '基础等级的升级成长值必须为 0' });
      return;
    }
    const prev = tiers[i - 1]!;
    if (t.rank <= prev.rank)
      issues.push({ path: `tiers.${i}.rank`, message: '等级序号必须严格递增' });
    if (t.upgradeGrowth <= prev.upgradeGrowth) {
      issues.push({ path: `tiers.${i}.upgradeGrowth`, message: '升级成长值必须严格递增' });
    }
    if (t.retainGrowth <= prev.retainGrowth) {
      issues.push({ path: `tiers.${i}.retainGrowth`, message: '保级成长值必须严格递增' });
    }
  });
  return issues;
}

export function sortLadder(tiers: readonly TierDef[]): TierDef[] {
  return [...tiers].sort((a, b) => a.rank - b.rank);
}

export function baseTier(ladder: readonly TierDef[]): TierDef {
  return sortLadder(ladder)[0]!;
}

export function findTier(ladder: readonly TierDef[], code: string): TierDef | undefined {
  return ladder.find((t) => t.code === code);
}

/** The highest tier whose upgrade threshold the growth reaches. */
export function tierForGrowth(ladder: readonly TierDef[], growth: number): TierDef {
  let best = baseTier(ladder);
  for (const t of sortLadder(ladder)) if (growth >= t.upgradeGrowth) best = t;
  return best;
}

export function nextTierOf(ladder: readonly TierDef[], code: string): TierDef | null {
  const sorted = sortLadder(ladder);
  const i = sorted.findIndex((t) => t.code === code);
  return i >= 0 && i + 1 < sorted.length ? sorted[i + 1]! : null;
}

export function previousTierOf(ladder: readonly TierDef[], code: string): TierDef | null {
  const sorted = sortLadder(ladder);
  const i = sorted.findIndex((t) => t.code === code);
  return i > 0 ? sorted[i - 1]! : null;
}

/** Growth for a paid amount: whole yuan × rate, floored (refunds reverse the same way). */
export function growthForSpend(amountFen: number, growthPerYuan = DEFAULT_GROWTH_PER_YUAN): number {
  return Math.floor((Math.floor(amountFen / 100) * growthPerYuan * 100) / 100);
}

/** The smallest spend (fen) that earns at least `growth`. */
export function spendForGrowth(growth: number, growthPerYuan = DEFAULT_GROWTH_PER_YUAN): number {
  if (growth <= 0) return 0;
  return Math.ceil(growth / growthPerYuan) * 100;
}
