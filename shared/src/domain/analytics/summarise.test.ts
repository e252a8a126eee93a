import { dayNumber, formatDay, mergeDays, parseDay, summariseTransactions } from './summarise';

const d = (s: string) => parseDay(s);

describe('summariseTransactions (literature conventions)', () => {
  const txs = [
    { customerId: 'A', day: d('2024-01-01'), amount: 10 },
    { customerId: 'A', day: d('2024-01-01'), amount: 5 }, // same day: merged into one purchase day
    { customerId: 'A', day: d('2024-01-15'), amount: 20 },
    { customerId: 'A', day: d('2024-02-12'), amount: 40 },
    { customerId: 'A', day: d('2024-03-10'), amount: 99 }, // after calibration end: holdout
    { customerId: 'B', day: d('2024-02-01'), amount: 7 },
    { customerId: 'C', day: d('2024-03-01'), amount: 3 }, // first purchase after the end: not in cohort
  ];
  const out = summariseTransactions(txs, { calibrationEndDay: d('2024-02-26'), unitDays: 7 });

  it('counts repeat purchase days, not transactions, and excludes the first day from zbar', () => {
    const a = out.find((s) => s.customerId === 'A');
    expect(a).toMatchObject({
      x: 2,
      tx: 6,
      T: 8,
      zbar: 30,
      spend: 75,
      holdoutPurchases: 1,
      holdoutSpend: 99,
    });
  });

  it('gives x = 0, tx = 0 and zbar = 0 to one-time buyers', () => {
    const b = out.find((s) => s.customerId === 'B');
    expect(b).toMatchObject({ x: 0, tx: 0, zbar: 0, spend: 7 });
    expect(b?.T).toBeCloseTo(25 / 7, 12);
  });

  it('leaves out customers who first bought after the calibration end, keeping input order', () => {
    expect(out.map((s) => s.customerId)).toEqual(['A', 'B']);
  });

  it('merges same-day amounts in day order', () => {
    expect(mergeDays([5, 3, 5, 1], [1, 2, 3, 4])).toEqual({ days: [1, 3, 5], amounts: [4, 2, 4] });
  });
});

describe('day helpers', () => {
  it('parses both date spellings and rejects impossible dates', () => {
    expect(parseDay('1997-09-30')).toBe(parseDay('19970930'));
    expect(formatDay(parseDay('1997-09-30'))).toBe('1997-09-30');
    expect(parseDay('1997-02-30')).toBeNaN();
    expect(parseDay('1997-9-30')).toBeNaN();
    expect(parseDay('1997-0930')).toBeNaN();
  });

  it('buckets instants into UTC or local days', () => {
    const t = new Date('2024-05-01T17:30:00Z');
    expect(dayNumber(t)).toBe(parseDay('2024-05-01'));
    expect(dayNumber(t, 480)).toBe(parseDay('2024-05-02')); // 01:30 next day in Beijing
  });
});
