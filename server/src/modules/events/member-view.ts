import { sortLadder, type TierDef } from '@circles/shared/src/domain/tiers/ladder';
import type { EventDoc } from './events.model';

/** The live link of an online event opens this long before the start. */
export const LIVE_OPENS_MINUTES = 30;

/** "金卡及以上可报名" when the eligible tiers are a top slice of the ladder, else the names. */
export function eligibleText(
  eligible: readonly string[],
  ladder: readonly TierDef[],
): string | null {
  if (eligible.length === 0) return null;
  const sorted = sortLadder(ladder);
  const known = sorted.filter((t) => eligible.includes(t.code));
  if (known.length === 0) return '当前暂无可报名等级';
  const from = sorted.indexOf(known[0]!);
  if (known.length === sorted.length - from) {
    return from === 0 ? null : `${known[0]!.name}及以上可报名`;
  }
  return `仅限${known.map((t) => t.name).join('、')}报名`;
}

/** Seats left for a member of `tierCode`: capacity left, capped by the tier's quota left. */
export function seatsLeftFor(e: EventDoc, tierCode: string): number {
  const total = e.capacity - e.registered;
  const quota = e.tierQuotas.find((q) => q.tierCode === tierCode);
  const forTier = quota ? quota.seats - (e.tierTaken?.[tierCode] ?? 0) : total;
  return Math.max(0, Math.min(total, forTier));
}

/**
 * What a member learns of an online event's live link: only a registered (or checked-in)
 * member, and only from `LIVE_OPENS_MINUTES` before the start until the end.
 */
export function liveFor(e: EventDoc, signedUp: boolean, now: Date) {
  if (e.place) return { online: false, liveOpensAt: null, liveUrl: null };
  const opensAt = new Date(e.startAt.getTime() - LIVE_OPENS_MINUTES * 60_000);
  const open = signedUp && now >= opensAt && now < e.endAt;
  return { online: true, liveOpensAt: opensAt.toISOString(), liveUrl: open ? e.liveUrl : null };
}
