/**
 * Points lots: every credit is a lot with what remains of it and when it expires; debits take
 * from the lot that expires first (FIFO by expiry, then by age). Pure functions over the
 * account state, so the server applies an entry exactly the way it was planned.
 */
export interface PointsLot {
  /** The sequence number of the credit entry that created the lot (unique per member). */
  lot: number;
  remaining: number;
  expiresAt: Date;
}

export interface LotTake {
  lot: number;
  amount: number;
  expiresAt: Date;
}

export interface PointsState {
  balance: number;
  lots: PointsLot[];
}

export const byExpiry = (a: PointsLot, b: PointsLot) =>
  a.expiresAt.getTime() - b.expiresAt.getTime() || a.lot - b.lot;

/**
 * Which lots a debit of `amount` consumes, oldest-expiring first. `only` restricts it to some
 * lots (expiry takes exactly one lot; a merge undo takes back the lots it brought). Returns
 * null when the lots hold less than `amount`.
 */
export function planTakes(
  lots: readonly PointsLot[],
  amount: number,
  only?: (lot: PointsLot) => boolean,
): LotTake[] | null {
  const takes: LotTake[] = [];
  let left = amount;
  for (const l of [...lots].sort(byExpiry)) {
    if (left === 0) break;
    if (l.remaining <= 0 || (only && !only(l))) continue;
    const amount = Math.min(l.remaining, left);
    takes.push({ lot: l.lot, amount, expiresAt: l.expiresAt });
    left -= amount;
  }
  return left === 0 ? takes : null;
}

/** The state after a credit (a new lot) or a debit (its planned takes). */
export function applyToState(
  state: PointsState,
  entry: { seq: number; delta: number; expiresAt?: Date | null; takes?: readonly LotTake[] },
): PointsState {
  if (entry.delta > 0) {
    const lot = { lot: entry.seq, remaining: entry.delta, expiresAt: entry.expiresAt! };
    return { balance: state.balance + entry.delta, lots: [...state.lots, lot].sort(byExpiry) };
  }
  const taken = new Map((entry.takes ?? []).map((t) => [t.lot, t.amount]));
  const lots = state.lots
    .map((l) => ({ ...l, remaining: l.remaining - (taken.get(l.lot) ?? 0) }))
    .filter((l) => l.remaining > 0)
    .sort(byExpiry);
  return { balance: state.balance + entry.delta, lots };
}

/** The earliest expiry among the lots (what the nightly job looks at), null when none. */
export function nextExpiry(lots: readonly PointsLot[]): Date | null {
  let min: Date | null = null;
  for (const l of lots) if (l.remaining > 0 && (!min || l.expiresAt < min)) min = l.expiresAt;
  return min;
}

/** What expires next: the amount of every lot sharing the earliest expiry. */
export function nextExpiring(lots: readonly PointsLot[]): { amount: number; at: Date } | null {
  const at = nextExpiry(lots);
  if (!at) return null;
  const amount = lots
    .filter((l) => l.expiresAt.getTime() === at.getTime())
    .reduce((s, l) => s + l.remaining, 0);
  return { amount, at };
}
