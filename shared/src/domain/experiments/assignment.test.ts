import { assignArm, assignmentUnit, bytesToHex, sha256Utf8 } from './assignment';
import fixtures from './fixtures/scipy-fixtures.json';

describe('sha256 (checked against Python hashlib)', () => {
  it.each(fixtures.hashing.sha256.map((c) => ({ ...c, len: c.text.length })))(
    'hashes a $len-character string',
    ({ text, hex }) => {
      expect(bytesToHex(sha256Utf8(text))).toBe(hex);
    },
  );
});

describe('deterministic arm assignment', () => {
  it.each(fixtures.hashing.unitInterval)(
    'places $memberId of $salt where the Python reference does',
    ({ salt, memberId, u }) => {
      expect(assignmentUnit(salt, memberId)).toBe(u);
    },
  );

  const arms = [
    { arm: 'control', weight: 0.5 },
    { arm: 'coupon', weight: 0.3 },
    { arm: 'points', weight: 0.2 },
  ];

  it('splits members in proportion to the weights', () => {
    const counts: Record<string, number> = { control: 0, coupon: 0, points: 0 };
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[assignArm('spring', `M${i}`, arms)]!++;
    // Binomial sd at n = 20000 is ≤ 0.0036; 4 sd either side.
    expect(counts.control! / n).toBeCloseTo(0.5, 1);
    expect(Math.abs(counts.control! / n - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(counts.coupon! / n - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(counts.points! / n - 0.2)).toBeLessThan(0.015);
  });

  it('gives a member the same arm every time, and a different salt reshuffles', () => {
    const first = Array.from({ length: 200 }, (_, i) => assignArm('a', `M${i}`, arms));
    const again = Array.from({ length: 200 }, (_, i) => assignArm('a', `M${i}`, arms));
    const other = Array.from({ length: 200 }, (_, i) => assignArm('b', `M${i}`, arms));
    expect(again).toEqual(first);
    const moved = other.filter((arm, i) => arm !== first[i]).length;
    expect(moved).toBeGreaterThan(60); // independent draws differ ~62% of the time
  });

  it('never assigns a zero-weight arm and rejects unusable weights', () => {
    const w = [
      { arm: 'off', weight: 0 },
      { arm: 'on', weight: 1 },
    ];
    for (let i = 0; i < 500; i++) expect(assignArm('x', `M${i}`, w)).toBe('on');
    expect(() => assignArm('x', 'M1', [])).toThrow(/at least one arm/);
    expect(() => assignArm('x', 'M1', [{ arm: 'a', weight: -1 }])).toThrow(/non-negative/);
    expect(() => assignArm('x', 'M1', [{ arm: 'a', weight: 0 }])).toThrow(/all be zero/);
  });
});
