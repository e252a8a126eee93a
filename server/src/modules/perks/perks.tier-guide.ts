import type { TierGuideResponse } from '@circles/shared';
import { sortLadder, spendForGrowth } from '@circles/shared/src/domain/tiers/ladder';
import type { MemberDoc } from '../members';
import type { Ladder } from '../tiers';
import type { PerkDoc } from './perks.model';

/**
 * 等级说明: every tier with what it takes to reach and keep it, and the perks it carries (tier
 * perks open to the whole tier; circle-only perks are offers to some members, not a tier's).
 */
export function tierGuideView(
  ladder: Ladder,
  perks: readonly PerkDoc[],
  member: Pick<MemberDoc, 'tierCode' | 'tierValidUntil' | 'tierOverride'>,
  growth: number,
): TierGuideResponse {
  const open = perks.filter((p) => p.status === 'active' && p.circleIds.length === 0);
  const manual = member.tierOverride;
  return {
    tiers: sortLadder(ladder.tiers).map((t) => ({
      code: t.code,
      name: t.name,
      rank: t.rank,
      color: t.color,
      upgradeGrowth: t.upgradeGrowth,
      upgradeSpend: spendForGrowth(t.upgradeGrowth, ladder.growthPerYuan),
      retainGrowth: t.retainGrowth,
      retainSpend: spendForGrowth(t.retainGrowth, ladder.growthPerYuan),
      pointsMultiplier: t.pointsMultiplier,
      perks: open
        .filter((p) => p.tierCodes.includes(t.code))
        .map((p) => ({ code: p._id, name: p.name })),
      current: t.code === member.tierCode,
    })),
    growth,
    growthPerYuan: ladder.growthPerYuan,
    nextEvaluationAt: manual ? null : (member.tierValidUntil?.toISOString() ?? null),
    manualUntil: manual ? manual.until.toISOString() : null,
  };
}
