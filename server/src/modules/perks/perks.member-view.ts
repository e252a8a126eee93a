import {
  type MemberPerk,
  type MemberPerksResponse,
  perkPeriodKey,
  type PerkState,
  perkState,
  perkQuotaText,
  sortLadder,
  type TierDef,
  perkUnlockText,
} from '@circles/shared';
import type { PerkDoc, PerkInstanceDoc } from './perks.model';

/**
 * Shapes `GET /api/mp/perks`: perks of the member's tier with their state, then perks that
 * only higher tiers have, locked with the lowest tier that unlocks them. Perks assigned only
 * to lower tiers are not shown (they are not an upgrade incentive). An instance the member
 * holds is always shown as `claimed`, whatever the tier (granted perks, downgrades).
 *
 * Circle-exclusive perks (圈层专属) need the tier condition (if any) and membership of one of
 * their circles; outside the circles they are hidden, or shown locked with "加入 X 圈层可解锁"
 * where the brand chose to show them. Among the member's own perks, those whose topic the
 * member is interested in come first (dynamic display priority).
 */
export function memberPerksView(
  tierCode: string,
  ladder: readonly TierDef[],
  perks: readonly PerkDoc[],
  instances: readonly PerkInstanceDoc[],
  now: Date,
  circles: { mine: ReadonlySet<string>; names: ReadonlyMap<string, string> } = {
    mine: new Set(),
    names: new Map(),
  },
  interests: ReadonlyMap<string, number> = new Map(),
): MemberPerksResponse {
  const tiers = sortLadder(ladder);
  const topicOf = new Map(perks.map((p) => [p._id, p.topic ?? '']));
  const mine = tiers.find((t) => t.code === tierCode) ?? tiers[0]!;
  const own: MemberPerk[] = [];
  const locked: Array<{ rank: number; perk: MemberPerk }> = [];
  for (const p of perks) {
    const circleIds = p.circleIds ?? [];
    // No tiers and no circles: an issue-only perk (memberships, points), never listed.
    const tierOk =
      p.tierCodes.length === 0 ? circleIds.length > 0 : p.tierCodes.includes(mine.code);
    const circleOk = circleIds.length === 0 || circleIds.some((c) => circles.mine.has(c));
    const circleLock =
      tierOk && !circleOk && p.showLocked
        ? circleIds.map((id) => ({ id, name: circles.names.get(id) })).find((c) => c.name)
        : undefined;
    const available = tierOk && circleOk;
    const unlock =
      available || !circleOk
        ? undefined
        : tiers.find((t) => t.rank > mine.rank && p.tierCodes.includes(t.code));
    const auto = p.kind === 'birthday_gift';
    const pk = perkPeriodKey(p.quota.period, now);
    const mineOf = instances.filter((i) => i.perkCode === p._id);
    const inPeriod = mineOf
      .filter((i) => i.periodKey === pk && (auto || i.source === 'claim'))
      .sort((a, b) => b.claimedAt.getTime() - a.claimedAt.getTime());
    const held = mineOf
      .filter((i) => !i.usedAt && i.expiresAt > now)
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())[0];
    if (!available && !unlock && !circleLock && !held) continue;
    const state: PerkState = perkState({
      available,
      autoIssued: auto,
      limit: p.quota.limit,
      claimedInPeriod: inPeriod.length,
      holdsActive: Boolean(held),
      lastUsed: Boolean(inPeriod[0]?.usedAt),
    });
    const view: MemberPerk = {
      code: p._id,
      name: p.name,
      description: p.description,
      kind: p.kind,
      imageUrl: p.imageUrl,
      state,
      quotaText: auto ? '生日当月自动发放' : perkQuotaText(p.quota.period, p.quota.limit),
      period: p.quota.period,
      limit: p.quota.limit,
      remaining: available && !auto ? Math.max(0, p.quota.limit - inPeriod.length) : 0,
      validityDays: p.validityDays,
      topic: p.topic ?? null,
      instance: held
        ? {
            redemptionCode: held.redemptionCode,
            claimedAt: held.claimedAt.toISOString(),
            expiresAt: held.expiresAt.toISOString(),
          }
        : null,
      unlockTier: unlock && state === 'locked' ? { code: unlock.code, name: unlock.name } : null,
      unlockCircle:
        circleLock && state === 'locked' ? { id: circleLock.id, name: circleLock.name! } : null,
      lockedText:
        state !== 'locked'
          ? null
          : circleLock
            ? `加入 ${circleLock.name} 圈层可解锁`
            : unlock
              ? perkUnlockText(unlock.name)
              : null,
    };
    if (circleLock && state === 'locked')
      locked.push({ rank: Number.MAX_SAFE_INTEGER, perk: view });
    else if (unlock && state === 'locked') locked.push({ rank: unlock.rank, perk: view });
    else own.push(view);
  }
  locked.sort((a, b) => a.rank - b.rank);
  // Stable: equal interest keeps the catalogue order.
  const interest = (v: MemberPerk) => interests.get(topicOf.get(v.code) ?? '') ?? 0;
  own.sort((a, b) => interest(b) - interest(a));
  return {
    tier: { code: mine.code, name: mine.name },
    perks: [...own, ...locked.map((l) => l.perk)],
  };
}
