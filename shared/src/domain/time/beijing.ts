/**
 * Beijing time (Asia/Shanghai) for every business day, month, week, birthday, sign-in, expiry
 * and job schedule. Storage stays UTC `Date`; only the calendar members and staff see is local.
 *
 * This is the one place that knows the offset. China has observed no daylight saving since
 * 1991, so Asia/Shanghai is a fixed UTC+8 for every instant the product deals with, and a
 * fixed offset keeps these functions pure and fast (no Intl lookups in hot loops such as the
 * value job's per-order day keys).
 */
export const BEIJING_TZ = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Beijing calendar fields of an instant. */
export interface BeijingParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
}

/** A Date whose UTC fields read as the Beijing wall clock (internal helper). */
function shifted(at: Date | number): Date {
  return new Date((typeof at === 'number' ? at : at.getTime()) + OFFSET_MS);
}

export function beijingParts(at: Date | number): BeijingParts {
  const d = shifted(at);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay() || 7,
  };
}

/** The UTC instant of a Beijing wall-clock time (month 1–12; out-of-range fields roll over). */
export function beijingInstant(year: number, month: number, day = 1, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS);
}

/** `YYYY-MM-DD` of the Beijing day containing `at`. */
export function beijingDay(at: Date | number): string {
  const p = beijingParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM` of the Beijing month containing `at`. */
export function beijingMonth(at: Date | number): string {
  return beijingDay(at).slice(0, 7);
}

/** ISO-8601 week (Monday first) of the Beijing day, e.g. `2026-W48`. */
export function beijingIsoWeek(at: Date | number): string {
  const p = beijingParts(at);
  // The Thursday of this week decides the ISO year.
  const thursday = Date.UTC(p.year, p.month - 1, p.day + 4 - p.weekday);
  const isoYear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / DAY_MS / 7) + 1;
  return `${isoYear}-W${pad(week)}`;
}

/** 00:00 Beijing time of the Monday of the ISO week containing `at`. */
export function beijingWeekStart(at: Date | number): Date {
  const p = beijingParts(at);
  return beijingInstant(p.year, p.month, p.day - (p.weekday - 1));
}

/** 00:00 Beijing time of the day containing `at`. */
export function beijingDayStart(at: Date | number): Date {
  const p = beijingParts(at);
  return beijingInstant(p.year, p.month, p.day);
}

/** 00:00 Beijing time on the 1st of the month containing `at`. */
export function beijingMonthStart(at: Date | number): Date {
  const p = beijingParts(at);
  return beijingInstant(p.year, p.month, 1);
}

/** 00:00 Beijing time on the 1st of the month after the one containing `at`. */
export function beijingNextMonthStart(at: Date | number): Date {
  const p = beijingParts(at);
  return beijingInstant(p.year, p.month + 1, 1);
}

/** 00:00 Beijing time on 1 January of `year`. */
export function beijingYearStart(year: number): Date {
  return beijingInstant(year, 1, 1);
}

/** The Beijing day `days` after (or before, when negative) the day of `at`, as `YYYY-MM-DD`. */
export function beijingDayPlus(at: Date | number, days: number): string {
  return beijingDay(beijingDayStart(at).getTime() + days * DAY_MS);
}

/** 00:00 Beijing time of a `YYYY-MM-DD` day; null when malformed. */
export function beijingDayToInstant(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = beijingInstant(y, mo, d);
  return beijingDay(at) === day ? at : null;
}

/** Whole Beijing days from the day of `from` to the day of `to` (calendar days, not 24 h spans). */
export function beijingDaysBetween(from: Date | number, to: Date | number): number {
  return Math.round((beijingDayStart(to).getTime() - beijingDayStart(from).getTime()) / DAY_MS);
}

/** RFC 3339 with the +08:00 offset, the form WeChat Pay documents (e.g. `time_expire`). */
export function beijingRfc3339(at: Date | number): string {
  return `${shifted(at).toISOString().slice(0, 19)}+08:00`;
}

/** `YYYY-MM-DD HH:mm` in Beijing time, for exports and UI text. */
export function beijingDateTime(at: Date | number): string {
  const p = beijingParts(at);
  return `${beijingDay(at)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The Beijing day as a day number (days since 1970-01-01 of the Beijing calendar), the unit the
 * analytics use; `formatDay` of it gives the same string as `beijingDay`.
 */
export function beijingDayNumber(at: Date | number): number {
  return Math.floor(shifted(at).getTime() / DAY_MS);
}

/** 00:00 Beijing time of a `beijingDayNumber`. */
export function beijingDayNumberStart(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS - OFFSET_MS);
}

/**
 * The same Beijing wall-clock time `months` later; a day past the end of the target month
 * becomes its last day (31 Jan + 1 month = 28/29 Feb), as members read "valid for 12 months".
 */
export function beijingAddMonths(at: Date | number, months: number): Date {
  const p = beijingParts(at);
  const target = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  const last = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const ms = (typeof at === 'number' ? at : at.getTime()) % 60_000;
  return new Date(
    beijingInstant(
      target.getUTCFullYear(),
      target.getUTCMonth() + 1,
      Math.min(p.day, last),
      p.hour,
      p.minute,
    ).getTime() +
      p.second * 1000 +
      (ms % 1000),
  );
}
