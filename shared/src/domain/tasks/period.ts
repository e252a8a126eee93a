/** Task periods reset at midnight China time (UTC+8), when members expect "today" to start. */
export const TASK_PERIODS = ['once', 'daily', 'weekly', 'monthly'] as const;
export type TaskPeriod = (typeof TASK_PERIODS)[number];

const CN_OFFSET_MS = 8 * 3_600_000;
const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The China-local calendar day of an instant, as a Date whose UTC fields hold the local date. */
function local(at: Date): Date {
  return new Date(at.getTime() + CN_OFFSET_MS);
}

/** `YYYY-MM-DD` of the China-local day. */
export function cnDay(at: Date): string {
  const d = local(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO-8601 week (Monday first) of the China-local day, e.g. `2026-W48`. */
export function cnIsoWeek(at: Date): string {
  const d = local(at);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = day.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  day.setUTCDate(day.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY + 1) / 7);
  return `${day.getUTCFullYear()}-W${pad(week)}`;
}

/** The key that makes "once per period" a unique index: member + task + periodKey. */
export function taskPeriodKey(period: TaskPeriod, at: Date): string {
  switch (period) {
    case 'once':
      return 'once';
    case 'daily':
      return cnDay(at);
    case 'weekly':
      return cnIsoWeek(at);
    case 'monthly':
      return cnDay(at).slice(0, 7);
  }
}

/** The China-local day before `at`'s day (for sign-in streaks). */
export function previousCnDay(at: Date): string {
  return cnDay(new Date(at.getTime() - DAY));
}

/** Start (UTC instant) of the China-local month containing `at`. */
export function cnMonthStart(at: Date): Date {
  const d = local(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - CN_OFFSET_MS);
}

/** Sign-in reward for the n-th consecutive day: base, plus the bonus on every `every`-th day. */
export function signinReward(
  streak: number,
  base: number,
  bonus?: { every: number; points: number } | null,
): number {
  if (bonus && bonus.every > 0 && streak > 0 && streak % bonus.every === 0) {
    return base + bonus.points;
  }
  return base;
}
