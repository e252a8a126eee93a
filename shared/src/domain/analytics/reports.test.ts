import { migrationMatrix, paretoCurve, segmentSummary, topShareRevenue } from './reports';
import { RFM_SEGMENTS, type RfmSegment } from './rfm';
import { createRng } from './simulate';

describe('migrationMatrix', () => {
  const from = [
    { memberId: 'a', segment: '重要价值' as RfmSegment },
    { memberId: 'b', segment: '重要价值' as RfmSegment },
    { memberId: 'c', segment: '一般发展' as RfmSegment },
    { memberId: 'd', segment: '一般挽留' as RfmSegment },
  ];
  const to = [
    { memberId: 'a', segment: '重要价值' as RfmSegment },
    { memberId: 'b', segment: '重要挽留' as RfmSegment },
    { memberId: 'c', segment: '重要价值' as RfmSegment },
    { memberId: 'e', segment: '一般发展' as RfmSegment },
  ];
  const m = migrationMatrix(from, to);
  const idx = (s: RfmSegment) => RFM_SEGMENTS.indexOf(s);

  it('counts moves between segments, with exits and entries', () => {
    expect(m.counts[idx('重要价值')][idx('重要价值')]).toBe(1);
    expect(m.counts[idx('重要价值')][idx('重要挽留')]).toBe(1);
    expect(m.counts[idx('一般发展')][idx('重要价值')]).toBe(1);
    expect(m.exited[idx('一般挽留')]).toBe(1);
    expect(m.entered[idx('一般发展')]).toBe(1);
    expect(m.shares[idx('重要价值')][idx('重要挽留')]).toBeCloseTo(0.5, 12);
  });

  it('rejects duplicates and unknown segments', () => {
    expect(() => migrationMatrix([from[0], from[0]], to)).toThrow(/twice/);
    expect(() => migrationMatrix([{ memberId: 'z', segment: '神秘' as RfmSegment }], to)).toThrow(
      /unknown segment/,
    );
  });

  it('row and column sums check out on a random population', () => {
    const rng = createRng(3);
    const pick = () => RFM_SEGMENTS[Math.floor(rng() * 8)];
    const a = Array.from({ length: 5000 }, (_, i) => ({ memberId: `m${i}`, segment: pick() }));
    const b = Array.from({ length: 5000 }, (_, i) => ({
      memberId: `m${i + 300}`,
      segment: pick(),
    }));
    const mm = migrationMatrix(a, b);
    let stayed = 0;
    for (let i = 0; i < 8; i++) {
      const row = mm.counts[i].reduce((s, c) => s + c, 0);
      expect(row + mm.exited[i]).toBe(mm.fromTotals[i]);
      expect(mm.fromTotals[i]).toBe(a.filter((r) => r.segment === RFM_SEGMENTS[i]).length);
      expect(mm.toTotals[i]).toBe(b.filter((r) => r.segment === RFM_SEGMENTS[i]).length);
      expect(mm.shares[i].reduce((s, v) => s + v, 0) + mm.exited[i] / mm.fromTotals[i]).toBeCloseTo(
        1,
        12,
      );
      stayed += row;
    }
    expect(stayed).toBe(4700);
    expect(mm.exited.reduce((s, v) => s + v, 0)).toBe(300);
    expect(mm.entered.reduce((s, v) => s + v, 0)).toBe(300);
  });
});

describe('segmentSummary', () => {
  it('lists all eight segments with member and revenue shares', () => {
    const s = segmentSummary([
      { segment: '重要价值', revenueFen: 60000 },
      { segment: '重要价值', revenueFen: 20000 },
      { segment: '一般挽留', revenueFen: 20000 },
    ]);
    expect(s).toHaveLength(8);
    expect(s[0]).toEqual({
      segment: '重要价值',
      members: 2,
      memberShare: 2 / 3,
      revenueFen: 80000,
      revenueShare: 0.8,
    });
    expect(s.find((r) => r.segment === '重要发展')).toMatchObject({ members: 0, revenueShare: 0 });
    expect(s.reduce((acc, r) => acc + r.revenueShare, 0)).toBeCloseTo(1, 12);
  });
});

describe('Pareto curve', () => {
  const revenues = [100, 0, 300, 50, 50, 500];
  it('starts at 0, ends at 1 and is concave (best members first)', () => {
    const curve = paretoCurve(revenues, 6);
    expect(curve[0]).toEqual({ memberShare: 0, revenueShare: 0 });
    expect(curve[6].revenueShare).toBeCloseTo(1, 12);
    expect(curve[1].revenueShare).toBeCloseTo(0.5, 12); // top 1 of 6: 500 of 1000
    expect(curve[2].revenueShare).toBeCloseTo(0.8, 12);
    for (let k = 1; k < curve.length - 1; k++) {
      expect(curve[k].revenueShare - curve[k - 1].revenueShare).toBeGreaterThanOrEqual(
        curve[k + 1].revenueShare - curve[k].revenueShare - 1e-12,
      );
    }
  });

  it('gives the revenue share of a top fraction', () => {
    expect(topShareRevenue(revenues, 1 / 3)).toBeCloseTo(0.8, 12);
    expect(() => topShareRevenue(revenues, 2)).toThrow();
  });
});
