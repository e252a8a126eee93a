/**
 * When earned points expire. The default is the common retail rule "points earned in year Y
 * expire at the end of 31 Dec of year Y + 1"; years are counted in China time (UTC+8), since
 * that is the calendar members see.
 */
export type ExpiryRule =
  | { kind: 'year_end'; yearsAfter: number }
  | { kind: 'rolling_days'; days: number }
  | { kind: 'never' };

export const DEFAULT_EXPIRY_RULE: ExpiryRule = { kind: 'year_end', yearsAfter: 1 };

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
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
      const year = new Date(earnedAt.getTime() + CHINA_OFFSET_MS).getUTCFullYear();
      return new Date(Date.UTC(year + rule.yearsAfter + 1, 0, 1) - CHINA_OFFSET_MS);
    }
  }
}

/** The last day the points can be used, as YYYY-MM-DD in China time (null: never). */
export function lastUsableDay(expiresAt: Date): string | null {
  if (expiresAt.getTime() >= NEVER_EXPIRES.getTime()) return null;
  return new Date(expiresAt.getTime() + CHINA_OFFSET_MS - 1).toISOString().slice(0, 10);
}
