/**
 * Transaction log → per-customer calibration summaries, with the conventions of the BG/NBD and
 * Gamma-Gamma literature: same-day transactions are merged into one purchase day; x = distinct
 * purchase days − 1 (repeat purchases); tx = time from the first to the last purchase day;
 * T = time from the first purchase day to the end of calibration; zbar = mean spend of the
 * repeat days (the first day is excluded because it was not a repeat). Times are in model units
 * (unitDays days each); days are integer day numbers (days since 1970-01-01 UTC).
 */

export interface Transaction {
  customerId: string;
  day: number;
  amount: number;
}

export interface CustomerSummary {
  customerId: string;
  /** Repeat purchase days in calibration. */
  x: number;
  tx: number;
  T: number;
  /** Mean spend per repeat day (0 when x = 0); a.k.a. monetary value. */
  zbar: number;
  firstDay: number;
  lastDay: number;
  /** Total spend in calibration, first day included. */
  spend: number;
  /** Distinct purchase days after the calibration end (up to holdoutEndDay when given). */
  holdoutPurchases: number;
  holdoutSpend: number;
}

export interface SummariseOptions {
  /** Last day of calibration (inclusive). */
  calibrationEndDay: number;
  /** Days per model time unit: 1 = day, 7 = week. */
  unitDays: number;
  /** Last day of the holdout period (inclusive); defaults to everything after calibration. */
  holdoutEndDay?: number;
}

export const TIME_UNIT_DAYS = { day: 1, week: 7, month: 365.25 / 12 } as const;
export type TimeUnit = keyof typeof TIME_UNIT_DAYS;

/**
 * Customers whose first purchase falls after the calibration end are not part of the
 * calibration cohort and are left out. Output order: first appearance in the input.
 */
export function summariseTransactions(
  transactions: Iterable<Transaction>,
  options: SummariseOptions,
): CustomerSummary[] {
  const { calibrationEndDay, unitDays } = options;
  const holdoutEnd = options.holdoutEndDay ?? Number.POSITIVE_INFINITY;
  if (!(unitDays > 0)) throw new Error('summariseTransactions: unitDays must be positive');
  const byCustomer = new Map<string, { days: number[]; amounts: number[] }>();
  for (const t of transactions) {
    let entry = byCustomer.get(t.customerId);
    if (!entry) {
      entry = { days: [], amounts: [] };
      byCustomer.set(t.customerId, entry);
    }
    entry.days.push(t.day);
    entry.amounts.push(t.amount);
  }
  const out: CustomerSummary[] = [];
  for (const [customerId, { days, amounts }] of byCustomer) {
    const merged = mergeDays(days, amounts);
    const s = summariseDays(customerId, merged, calibrationEndDay, holdoutEnd, unitDays);
    if (s) out.push(s);
  }
  return out;
}

/** Sorted distinct days with summed amounts. */
export function mergeDays(
  days: readonly number[],
  amounts: readonly number[],
): { days: number[]; amounts: number[] } {
  const order = days.map((_, i) => i).sort((i, j) => days[i] - days[j] || i - j);
  const outDays: number[] = [];
  const outAmounts: number[] = [];
  for (const i of order) {
    const last = outDays.length - 1;
    if (last >= 0 && outDays[last] === days[i]) outAmounts[last] += amounts[i];
    else {
      outDays.push(days[i]);
      outAmounts.push(amounts[i]);
    }
  }
  return { days: outDays, amounts: outAmounts };
}

function summariseDays(
  customerId: string,
  merged: { days: number[]; amounts: number[] },
  calibrationEndDay: number,
  holdoutEnd: number,
  unitDays: number,
): CustomerSummary | null {
  const { days, amounts } = merged;
  if (days.length === 0 || days[0] > calibrationEndDay) return null;
  let k = 0;
  let spend = 0;
  let repeatSpend = 0;
  while (k < days.length && days[k] <= calibrationEndDay) {
    spend += amounts[k];
    if (k > 0) repeatSpend += amounts[k];
    k++;
  }
  const x = k - 1;
  let holdoutPurchases = 0;
  let holdoutSpend = 0;
  for (let j = k; j < days.length && days[j] <= holdoutEnd; j++) {
    holdoutPurchases++;
    holdoutSpend += amounts[j];
  }
  const firstDay = days[0];
  const lastDay = days[k - 1];
  return {
    customerId,
    x,
    tx: (lastDay - firstDay) / unitDays,
    T: (calibrationEndDay - firstDay) / unitDays,
    zbar: x > 0 ? repeatSpend / x : 0,
    firstDay,
    lastDay,
    spend,
    holdoutPurchases,
    holdoutSpend,
  };
}

/** Day number (days since 1970-01-01) of a UTC instant, optionally shifted to a local offset. */
export function dayNumber(date: Date, utcOffsetMinutes = 0): number {
  return Math.floor((date.getTime() + utcOffsetMinutes * 60_000) / 86_400_000);
}

/** Day number of a calendar date 'YYYY-MM-DD' or 'YYYYMMDD'; NaN when malformed or impossible. */
export function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return Number.NaN;
  return ms / 86_400_000;
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
