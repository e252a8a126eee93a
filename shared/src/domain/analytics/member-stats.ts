/**
 * Per-member purchase statistics, maintained incrementally as orders and refunds arrive.
 *
 * The state keeps one entry per day with activity: the number of that day's orders that are not
 * fully refunded and their net spend. Events only add to these per-day sums, so applying them
 * in any order (or rebuilding from the order list) gives the same state: entries whose sums
 * both return to zero are dropped, which makes the representation canonical. Everything the
 * scoring needs (first/last purchase day, purchase days, spend, repeat-day spend, RFM window
 * figures, BG/NBD inputs) is derived from the state. It is plain JSON (one document per member).
 *
 * Conventions: money in integer fen; days are day numbers (days since 1970-01-01, see
 * dayNumber); a day counts as a purchase day while it has at least one order not fully
 * refunded; orders of 0 fen (e.g. paid entirely with points) are not purchases.
 */

export interface MemberStatsState {
  /**
   * Flat triples (day, orders, spendFen), ascending by day: the orders of that day not fully
   * refunded and their net spend in fen after refunds. Flat rather than parallel or nested arrays
   * because a million of these are kept in memory by rebuilds (one allocation per member).
   */
  daily: number[];
}

export type MemberStatsEvent =
  | { type: 'order'; day: number; amountFen: number }
  /** `day` is the purchase day of the refunded order; `fullyRefunded` when this refund completes it. */
  | { type: 'refund'; day: number; amountFen: number; fullyRefunded: boolean };

/** An order as stored, for the rebuild. */
export interface MemberOrderRecord {
  day: number;
  amountFen: number;
  refundedFen: number;
}

export function emptyMemberStats(): MemberStatsState {
  return { daily: [] };
}

/** Fields of the triples in MemberStatsState.daily. */
const DAY = 0;
const ORDERS = 1;
const SPEND = 2;
const STRIDE = 3;

/** Pure: returns a new state with the event applied. */
export function applyMemberStatsEvent(
  state: MemberStatsState,
  event: MemberStatsEvent,
): MemberStatsState {
  const next = { daily: state.daily.slice() };
  mutateMemberStats(next, event);
  return next;
}

/**
 * Applies an event to a state the caller owns (bulk rebuilds over millions of events, where
 * copying per event would dominate). Same result as applyMemberStatsEvent.
 */
export function mutateMemberStats(state: MemberStatsState, event: MemberStatsEvent): void {
  const { day, amountFen } = event;
  assertDayAndAmount(day, amountFen);
  if (amountFen === 0 && event.type === 'order') return;
  if (event.type === 'order') addToDay(state, day, 1, amountFen);
  else addToDay(state, day, event.fullyRefunded ? -1 : 0, -amountFen);
}

function assertDayAndAmount(day: number, amountFen: number): void {
  if (!Number.isInteger(day))
    throw new Error(`member stats: day must be an integer day number, got ${day}`);
  if (!Number.isInteger(amountFen) || amountFen < 0) {
    throw new Error(`member stats: amountFen must be a non-negative integer, got ${amountFen}`);
  }
}

function addToDay(state: MemberStatsState, day: number, orders: number, spendFen: number): void {
  const d = state.daily;
  const count = d.length / STRIDE;
  // Binary search over the triples; appends (events mostly arrive in time order) short-circuit.
  let lo = count > 0 && d[(count - 1) * STRIDE] < day ? count : 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid * STRIDE] < day) lo = mid + 1;
    else hi = mid;
  }
  const at = lo * STRIDE;
  if (at < d.length && d[at] === day) {
    const o = d[at + ORDERS] + orders;
    const s = d[at + SPEND] + spendFen;
    if (o === 0 && s === 0) d.splice(at, STRIDE);
    else {
      d[at + ORDERS] = o;
      d[at + SPEND] = s;
    }
    return;
  }
  if (orders === 0 && spendFen === 0) return;
  if (at === d.length) d.push(day, orders, spendFen);
  else d.splice(at, 0, day, orders, spendFen);
}

/** From-scratch state for repair jobs; equal to applying every order and refund event. */
export function rebuildMemberStats(orders: Iterable<MemberOrderRecord>): MemberStatsState {
  const state = emptyMemberStats();
  for (const o of orders) addOrderToMemberStats(state, o.day, o.amountFen, o.refundedFen);
  return state;
}

/**
 * One stored order (with its refunds so far) into a state the caller owns: the step of
 * rebuildMemberStats, exposed for bulk rebuilds that stream orders grouped by member.
 */
export function addOrderToMemberStats(
  state: MemberStatsState,
  day: number,
  amountFen: number,
  refundedFen: number,
): void {
  assertDayAndAmount(day, amountFen);
  if (!Number.isInteger(refundedFen) || refundedFen < 0 || refundedFen > amountFen) {
    throw new Error(
      `member stats: refundedFen must be an integer within [0, amountFen], got ${refundedFen}`,
    );
  }
  if (amountFen === 0) return;
  addToDay(state, day, refundedFen < amountFen ? 1 : 0, amountFen - refundedFen);
}

export interface MemberStatsSummary {
  firstPurchaseDay: number | null;
  lastPurchaseDay: number | null;
  purchaseDays: number;
  spendFen: number;
  /** Spend of the purchase days after the first. */
  repeatSpendFen: number;
}

/** Summary over the days up to and including `asOfDay` (default: all). */
export function summariseMemberStats(
  state: MemberStatsState,
  asOfDay = Number.POSITIVE_INFINITY,
): MemberStatsSummary {
  let first: number | null = null;
  let last: number | null = null;
  let purchaseDays = 0;
  let spendFen = 0;
  let repeatSpendFen = 0;
  const d = state.daily;
  for (let at = 0; at < d.length && d[at + DAY] <= asOfDay; at += STRIDE) {
    spendFen += d[at + SPEND];
    if (d[at + ORDERS] <= 0) continue;
    if (first === null) first = d[at + DAY];
    else repeatSpendFen += d[at + SPEND];
    last = d[at + DAY];
    purchaseDays++;
  }
  return { firstPurchaseDay: first, lastPurchaseDay: last, purchaseDays, spendFen, repeatSpendFen };
}

export interface RfmInputs {
  /** Days since the last purchase day (0 = bought on asOfDay); null if never bought. */
  recencyDays: number | null;
  /** Purchase days within the window. */
  frequency: number;
  /** Net spend within the window, fen. */
  monetaryFen: number;
}

/** R, F and M as of a day, over the window (asOfDay − windowDays, asOfDay]. */
export function memberRfmInputs(
  state: MemberStatsState,
  asOfDay: number,
  windowDays = 365,
): RfmInputs {
  const from = asOfDay - windowDays;
  let last: number | null = null;
  let frequency = 0;
  let monetaryFen = 0;
  const d = state.daily;
  for (let at = 0; at < d.length && d[at + DAY] <= asOfDay; at += STRIDE) {
    const day = d[at + DAY];
    const active = d[at + ORDERS] > 0;
    if (active) last = day;
    if (day > from) {
      monetaryFen += d[at + SPEND];
      if (active) frequency++;
    }
  }
  return { recencyDays: last === null ? null : asOfDay - last, frequency, monetaryFen };
}

/** BG/NBD and Gamma-Gamma inputs as of a day, in model units; null before the first purchase. */
export function memberRepeatSummary(
  state: MemberStatsState,
  asOfDay: number,
  unitDays: number,
): { x: number; tx: number; T: number; zbarFen: number } | null {
  const s = summariseMemberStats(state, asOfDay);
  if (s.firstPurchaseDay === null || s.lastPurchaseDay === null) return null;
  const x = s.purchaseDays - 1;
  return {
    x,
    tx: (s.lastPurchaseDay - s.firstPurchaseDay) / unitDays,
    T: (asOfDay - s.firstPurchaseDay) / unitDays,
    zbarFen: x > 0 ? s.repeatSpendFen / x : 0,
  };
}
