import type { z } from 'zod';
import type { expiryRule } from '../../api/points';
import { beijingDay, beijingParts, beijingYearStart, DAY_MS } from '../time/beijing';

/**
 * When earned points expire. The default is the common retail rule "points earned in year Y
 * expire at the end of 31 Dec of year Y + 1"; years are counted in China time (UTC+8), since
 * that is the calendar members see.
 */
export type ExpiryRule = z.infer<typeof expiryRule>;

export const DEFAULT_EXPIRY_RULE: ExpiryRule = { kind: 'year_end', yearsAfter: 1 };

/** Stored for "never expires", so lots still sort FIFO without a null case. */
export const NEVER_EXPIRES = new Date(Date.UTC(9999, 11, 31));

/**
 * The instant the points stop counting (exclusive: expired when now >= expiresAt). For
 * year_end that is 00:00 China time on 1 Jan of Y + yearsAfter + 1.
 */
export function expiresAtFor(earnedAt: Date, rule: ExpiryRule = DEFAULT_EXPIRY_RULE): Date {
  switch (rule.kind) {
    case 'never':
      return NEVER_EXPIRES;
    case 'rolling_days':
      return new Date(earnedAt.getTime() + rule.days * DAY_MS);
    case 'year_end': {
      const { year } = beijingParts(earnedAt);
      return beijingYearStart(year + rule.yearsAfter + 1);
    }
  }
}

/** The last day the points can be used, as YYYY-MM-DD in China time (null: never). */
export function lastUsableDay(expiresAt: Date): string | null {
  if (expiresAt.getTime() >= NEVER_EXPIRES.getTime()) return null;
  return beijingDay(expiresAt.getTime() - 1);
}
