import { beijingDay, beijingDayPlus, beijingIsoWeek, beijingMonthStart } from '../time/beijing';

/** Task periods reset at midnight China time (UTC+8), when members expect "today" to start. */
export const TASK_PERIODS = ['once', 'daily', 'weekly', 'monthly'] as const;
export type TaskPeriod = (typeof TASK_PERIODS)[number];

/** `YYYY-MM-DD` of the Beijing day. */
export const cnDay = (at: Date): string => beijingDay(at);

/** ISO-8601 week (Monday first) of the Beijing day, e.g. `2026-W48`. */
export const cnIsoWeek = (at: Date): string => beijingIsoWeek(at);

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
  return beijingDayPlus(at, -1);
}

/** Start (UTC instant) of the China-local month containing `at`. */
export function cnMonthStart(at: Date): Date {
  return beijingMonthStart(at);
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
