import { beijingAddMonths } from '../time/beijing';
import { baseTier, findTier, previousTierOf, type TierDef, tierForGrowth } from './ladder';

/** Length of the growth window and of a tier's validity. */
export const WINDOW_DAYS = 365;
export const VALIDITY_MONTHS = 12;

export type TierChangeReason = 'upgrade' | 'downgrade' | 'manual' | 'manual_expired';

export interface TierOverride {
  code: string;
  until: Date;
  reason: string;
}

export interface MemberTierState {
  tierCode: string;
  /** Evaluation date; null for the base tier (nothing to keep). */
  validUntil: Date | null;
  /** Growth earned in the window ending now. */
  windowGrowth: number;
  override?: TierOverride | null;
}

export interface TierDecision {
  to: string;
  reason: TierChangeReason;
  validUntil: Date | null;
  clearOverride: boolean;
}

export interface RenewalDecision {
  /** Member kept the tier at the evaluation date: only the validity moves on. */
  renewUntil: Date;
}

/** Calendar months in UTC (kept for callers outside business days; tiers use Beijing months). */
export function addMonthsUtc(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  const day = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + months);
  const last = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(day, last));
  return r;
}

export function windowStart(now: Date): Date {
  return new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
}

const validityFrom = (ladder: readonly TierDef[], code: string, from: Date): Date | null =>
  code === baseTier(ladder).code ? null : beijingAddMonths(from, VALIDITY_MONTHS);

const rankOf = (ladder: readonly TierDef[], code: string): number =>
  findTier(ladder, code)?.rank ?? baseTier(ladder).rank;

/**
 * The tier rules in one pure function:
 * - upgrade as soon as window growth reaches a higher tier's threshold (jumps allowed);
 * - downgrade only at the evaluation date, one level at a time, when window growth is below
 *   the current tier's retention threshold; otherwise the tier is renewed for 12 months;
 * - a manual tier holds until its end date (growth may still lift the member above it), then
 *   the member falls back to the tier their growth earns.
 * Returns null when nothing changes.
 */
export function evaluateTier(
  ladder: readonly TierDef[],
  s: MemberTierState,
  now: Date,
): TierDecision | RenewalDecision | null {
  const earned = tierForGrowth(ladder, s.windowGrowth);
  const current = findTier(ladder, s.tierCode) ?? baseTier(ladder);
  const override = s.override && s.override.until > now ? s.override : null;

  if (s.override && !override) {
    return {
      to: earned.code,
      reason: 'manual_expired',
      validUntil: validityFrom(ladder, earned.code, now),
      clearOverride: true,
    };
  }
  if (earned.rank > rankOf(ladder, current.code)) {
    return {
      to: earned.code,
      reason: 'upgrade',
      validUntil: validityFrom(ladder, earned.code, now),
      clearOverride: override !== null,
    };
  }
  if (override || !s.validUntil || s.validUntil > now) return null;

  if (s.windowGrowth < current.retainGrowth) {
    const lower = previousTierOf(ladder, current.code) ?? current;
    return {
      to: lower.code,
      reason: 'downgrade',
      validUntil: validityFrom(ladder, lower.code, now),
      clearOverride: false,
    };
  }
  let renewUntil = s.validUntil;
  while (renewUntil <= now) renewUntil = beijingAddMonths(renewUntil, VALIDITY_MONTHS);
  return { renewUntil };
}

export const isRenewal = (d: TierDecision | RenewalDecision | null): d is RenewalDecision =>
  d !== null && 'renewUntil' in d;

/** What a member must still earn by their evaluation date to keep the tier (0 = safe). */
export function growthToRetain(tier: TierDef, growthStillInWindowAtEvaluation: number): number {
  return Math.max(0, tier.retainGrowth - growthStillInWindowAtEvaluation);
}
