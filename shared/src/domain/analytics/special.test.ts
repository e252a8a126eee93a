import {
  digamma,
  gamma,
  gammaRatio,
  gammaSign,
  lgamma,
  logAddExp,
  logPochhammer,
  sinPi,
} from './special';

const EULER_GAMMA = 0.5772156649015329;

describe('lgamma', () => {
  it('matches factorials and the half-integer closed forms', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(2)).toBeCloseTo(0, 14);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // Γ(−1/2) = −2√π, so ln|Γ(−1/2)| = ln(2√π)
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
  });

  it('stays accurate for large and reflected arguments', () => {
    // ln Γ(10^6) (mpmath): 12815504.569147611659976971785
    expect(lgamma(1e6) / 12815504.569147611 - 1).toBeLessThan(1e-14);
    // ln|Γ(−2.5)| = −0.0562437164976740507 (mpmath)
    expect(lgamma(-2.5)).toBeCloseTo(-0.05624371649767405, 13);
    expect(lgamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(lgamma(-3)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('gamma sign and ratios', () => {
  it('alternates the sign of Γ between the negative poles', () => {
    expect(gammaSign(3.2)).toBe(1);
    expect(gammaSign(-0.5)).toBe(-1);
    expect(gammaSign(-1.5)).toBe(1);
    expect(gammaSign(-2.5)).toBe(-1);
    expect(gammaSign(-2)).toBeNaN();
    expect(gamma(-0.5)).toBeCloseTo(-2 * Math.sqrt(Math.PI), 13);
    expect(gamma(5)).toBeCloseTo(24, 11);
  });

  it('treats a pole in the denominator as a zero ratio', () => {
    expect(gammaRatio([5], [3])).toBeCloseTo(12, 12); // 4!/2!
    expect(gammaRatio([1.5], [-2])).toBe(0);
    expect(gammaRatio([200], [199])).toBeCloseTo(199, 8); // no overflow
  });

  it('computes rising factorials in log space', () => {
    expect(logPochhammer(0.5, 3)).toBeCloseTo(Math.log(0.5 * 1.5 * 2.5), 14);
    expect(logPochhammer(2, 40)).toBeCloseTo(lgamma(42) - lgamma(2), 9);
  });
});

describe('digamma', () => {
  it('matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 14);
    expect(digamma(-0.5)).toBeCloseTo(0.03648997397857652, 13);
    // ψ(1/4) = −γ − π/2 − 3 ln 2
    expect(digamma(0.25)).toBeCloseTo(-EULER_GAMMA - Math.PI / 2 - 3 * Math.LN2, 13);
    expect(digamma(100.5) - digamma(99.5)).toBeCloseTo(1 / 99.5, 14);
  });
});

describe('helpers', () => {
  it('sinPi is exact at integers and logAddExp avoids overflow', () => {
    expect(sinPi(7)).toBe(0);
    expect(sinPi(0.5)).toBeCloseTo(1, 15);
    expect(sinPi(-1.5)).toBeCloseTo(1, 15);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
  });
});
