import { beijingInstant, beijingParts, beijingYearStart, DAY_MS } from '../time/beijing';

/**
 * Perk claim quotas are counted per calendar period in China time (UTC+8, no DST), since that
 * is the calendar members see: a monthly perk renews at 00:00 Beijing time on the 1st.
 */
export const PERK_PERIODS = ['month', 'year', 'lifetime'] as const;
export type PerkPeriod = (typeof PERK_PERIODS)[number];

/** A stable key of the period containing `at`: `2026-11`, `2026` or `life`. */
export function perkPeriodKey(period: PerkPeriod, at: Date): string {
  const { year, month } = beijingParts(at);
  if (period === 'lifetime') return 'life';
  if (period === 'year') return String(year);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** When the period containing `at` ends (exclusive), or null for lifetime quotas. */
export function perkPeriodEndsAt(period: PerkPeriod, at: Date): Date | null {
  const { year, month } = beijingParts(at);
  if (period === 'lifetime') return null;
  return period === 'year' ? beijingYearStart(year + 1) : beijingInstant(year, month + 1, 1);
}

/** A claimed instance is valid for `validityDays` full days from the moment of claim. */
export function perkExpiresAt(claimedAt: Date, validityDays: number): Date {
  return new Date(claimedAt.getTime() + validityDays * DAY_MS);
}

/** Month (1–12) of a `YYYY-MM-DD` birthday, or null when missing or malformed. */
export function birthdayMonthOf(birthday: string | null | undefined): number | null {
  const m = /^\d{4}-(\d{2})-\d{2}$/.exec(birthday ?? '');
  if (!m) return null;
  const month = Number(m[1]);
  return month >= 1 && month <= 12 ? month : null;
}
