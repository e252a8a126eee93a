import { pointsForOrder, refundReversal } from './earn';
import { expiresAtFor, lastUsableDay, NEVER_EXPIRES } from './expiry';
import { applyToState, nextExpiring, type PointsState, planTakes } from './lots';

describe('points for an order', () => {
  it('counts whole yuan times the tier multiplier, rounded down', () => {
    expect(pointsForOrder(12_345, 1)).toBe(123); // ¥123.45 → 123
    expect(pointsForOrder(10_000, 1.5)).toBe(150);
    expect(pointsForOrder(999, 1.2)).toBe(10); // ¥9 × 1.2 = 10.8 → 10
    expect(pointsForOrder(99, 3)).toBe(0); // under ¥1 earns nothing
  });

  it('does not lose a point to floating-point error on decimal multipliers', () => {
    expect(pointsForOrder(10_000, 1.15)).toBe(115);
    expect(pointsForOrder(300, 1.1)).toBe(3);
    expect(pointsForOrder(10_000, 1, 0.5)).toBe(50);
  });
});

describe('refund reversal', () => {
  it('takes back points in proportion to the refunded amount', () => {
    expect(refundReversal(150, 10_000, 0, 5_000)).toBe(75);
  });

  it('sums to exactly what was earned over several partial refunds, never more', () => {
    const earned = 101;
    const parts = [3_333, 3_333, 3_334];
    let before = 0;
    let total = 0;
    for (const p of parts) {
      total += refundReversal(earned, 10_000, before, p);
      before += p;
    }
    expect(total).toBe(101);
    expect(refundReversal(earned, 10_000, 10_000, 500)).toBe(0);
  });

  it('takes nothing back from an order that earned nothing', () => {
    expect(refundReversal(0, 10_000, 0, 10_000)).toBe(0);
  });
});

describe('expiry rule', () => {
  it('expires points earned in year Y at the end of 31 Dec Y+1, China time', () => {
    const at = expiresAtFor(new Date('2025-03-10T02:00:00Z'));
    expect(at.toISOString()).toBe('2026-12-31T16:00:00.000Z'); // 2027-01-01 00:00 +08:00
    expect(lastUsableDay(at)).toBe('2026-12-31');
  });

  it('counts the year in China time across the New Year boundary', () => {
    // 2025-12-31T17:00Z is already 1 Jan 2026 in China: earned in 2026.
    expect(lastUsableDay(expiresAtFor(new Date('2025-12-31T17:00:00Z')))).toBe('2027-12-31');
    expect(lastUsableDay(expiresAtFor(new Date('2025-12-31T15:59:00Z')))).toBe('2026-12-31');
  });

  it('supports rolling windows and never-expiring points', () => {
    const earned = new Date('2025-01-01T00:00:00Z');
    expect(expiresAtFor(earned, { kind: 'rolling_days', days: 30 }).toISOString()).toBe(
      '2025-01-31T00:00:00.000Z',
    );
    const never = expiresAtFor(earned, { kind: 'never' });
    expect(never).toEqual(NEVER_EXPIRES);
    expect(lastUsableDay(never)).toBeNull();
  });
});

describe('FIFO lots', () => {
  const d = (s: string) => new Date(s);
  const state: PointsState = {
    balance: 60,
    lots: [
      { lot: 3, remaining: 30, expiresAt: d('2027-01-01T00:00:00Z') },
      { lot: 1, remaining: 10, expiresAt: d('2026-01-01T00:00:00Z') },
      { lot: 2, remaining: 20, expiresAt: d('2026-01-01T00:00:00Z') },
    ],
  };

  it('spends the oldest-expiring points first, oldest lot first on a tie', () => {
    expect(planTakes(state.lots, 25)).toEqual([
      { lot: 1, amount: 10, expiresAt: d('2026-01-01T00:00:00Z') },
      { lot: 2, amount: 15, expiresAt: d('2026-01-01T00:00:00Z') },
    ]);
  });

  it('refuses a plan the lots cannot cover', () => {
    expect(planTakes(state.lots, 61)).toBeNull();
    expect(planTakes(state.lots, 31, (l) => l.lot === 3)).toBeNull();
  });

  it('applies credits as new lots and debits as their takes, keeping balance = lots', () => {
    const takes = planTakes(state.lots, 25)!;
    const after = applyToState(state, { seq: 4, delta: -25, takes });
    expect(after.balance).toBe(35);
    expect(after.lots.map((l) => [l.lot, l.remaining])).toEqual([
      [2, 5],
      [3, 30],
    ]);
    const credited = applyToState(after, {
      seq: 5,
      delta: 7,
      expiresAt: d('2026-06-01T00:00:00Z'),
    });
    expect(credited.lots.reduce((s, l) => s + l.remaining, 0)).toBe(credited.balance);
    expect(credited.lots[1]).toMatchObject({ lot: 5, remaining: 7 });
  });

  it('reports what expires next and when', () => {
    expect(nextExpiring(state.lots)).toEqual({ amount: 30, at: d('2026-01-01T00:00:00Z') });
    expect(nextExpiring([])).toBeNull();
  });
});
