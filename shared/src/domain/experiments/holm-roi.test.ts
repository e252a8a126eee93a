import { holmAdjust } from './hypothesis';
import { experimentRoi } from './roi';

const near = (v: number) => expect.closeTo(v, 12);
describe('Holm correction', () => {
  it('adjusts a hand-worked family of three comparisons', () => {
    // sorted: 0.01·3 = 0.03; 0.03·2 = 0.06; 0.04·1 = 0.04 → raised to 0.06 (monotone)
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06].map(near));
  });

  it('caps at 1, keeps a single comparison as is, and leaves undefined tests out of m', () => {
    expect(holmAdjust([0.6, 0.2])).toEqual([0.6, 0.4].map(near));
    expect(holmAdjust([0.7, 0.9])).toEqual([1, 1]); // 0.7·2 = 1.4 is capped
    expect(holmAdjust([0.012])).toEqual([0.012]);
    const withNaN = holmAdjust([Number.NaN, 0.02, 0.04]);
    expect(withNaN[0]).toBeNaN();
    expect(withNaN.slice(1)).toEqual([0.04, 0.04].map(near));
  });
});

describe('experiment ROI', () => {
  it('nets the incremental revenue of the treated members against the grant cost, in fen', () => {
    const r = experimentRoi({
      diffPerMemberFen: 1177.1,
      ciLowFen: -436.5,
      ciHighFen: 2790.7,
      treatedMembers: 400,
      grantCostFen: 200_000,
    });
    expect(r).toEqual({
      incrementalRevenueFen: 470_840,
      grantCostFen: 200_000,
      netFen: 270_840,
      roi: 1.3542,
      netLowFen: -374_600,
      netHighFen: 916_280,
    });
  });

  it('has no ratio for free grants and refuses fractional money', () => {
    const free = experimentRoi({ diffPerMemberFen: 10, treatedMembers: 3, grantCostFen: 0 });
    expect(free).toMatchObject({ netFen: 30, roi: null, netLowFen: null });
    expect(() =>
      experimentRoi({ diffPerMemberFen: 1, treatedMembers: 3, grantCostFen: 10.5 }),
    ).toThrow(/integer/);
  });
});
