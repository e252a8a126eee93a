import {
  bgnbdIndividualLogLikelihood,
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodTerms,
  fitBgNbd,
  prepareBgNbd,
} from './bgnbd';
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdProbabilityAlive,
  bgnbdProbabilityOfPurchases,
} from './bgnbd-predict';
import { createRng, simulateCustomer } from './simulate';

const ONES = { r: 1, alpha: 1, a: 1, b: 1 };
// Fader, Hardie & Lee (2005), CDNOW sample, as refitted by CLVTools.
const CDNOW = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

describe('BG/NBD log-likelihood terms (hand-computed)', () => {
  it('x = 0: only A3 remains, L = (α/(α+T))^r', () => {
    // r=α=a=b=1, T=1: A1 = Γ(1)·1/Γ(1) = 1, A2 = Γ(2)Γ(1)/(Γ(1)Γ(2)) = 1, A3 = 1/2
    const t = bgnbdLogLikelihoodTerms(ONES, 0, 0, 1);
    expect(t.lnA1).toBeCloseTo(0, 14);
    expect(t.lnA2).toBeCloseTo(0, 14);
    expect(t.lnA3).toBeCloseTo(Math.log(0.5), 14);
    expect(t.lnA4).toBe(Number.NEGATIVE_INFINITY);
    expect(bgnbdIndividualLogLikelihood(ONES, 0, 0, 1)).toBeCloseTo(Math.log(0.5), 14);
  });

  it('x = 1, tx = 1, T = 2: L = ½ · (1/9 + 1/4) = 13/72', () => {
    // A1 = Γ(2)/Γ(1) = 1; A2 = Γ(2)Γ(2)/(Γ(1)Γ(3)) = ½; A3 = 3^−2; A4 = (1/1)·2^−2
    const t = bgnbdLogLikelihoodTerms(ONES, 1, 1, 2);
    expect(t.lnA1).toBeCloseTo(0, 14);
    expect(t.lnA2).toBeCloseTo(Math.log(0.5), 14);
    expect(t.lnA3).toBeCloseTo(Math.log(1 / 9), 14);
    expect(t.lnA4).toBeCloseTo(Math.log(1 / 4), 14);
    expect(bgnbdIndividualLogLikelihood(ONES, 1, 1, 2)).toBeCloseTo(Math.log(13 / 72), 14);
  });

  it('x = 2 with non-trivial parameters matches the formula evaluated term by term', () => {
    // r=2, α=3, a=0.5, b=1.5, x=2, tx=4, T=6:
    // A1 = Γ(4)·3²/Γ(2) = 54; A2 = Γ(2)Γ(3.5)/(Γ(1.5)Γ(4)) = (2.5·1.5)/6 = 0.625
    // A3 = 9^−4 = 1/6561; A4 = (0.5/2.5)·7^−4 = 0.2/2401
    const p = { r: 2, alpha: 3, a: 0.5, b: 1.5 };
    const want = 54 * 0.625 * (1 / 6561 + 0.2 / 2401);
    expect(bgnbdIndividualLogLikelihood(p, 2, 4, 6)).toBeCloseTo(Math.log(want), 13);
  });

  it('the summed likelihood equals the sum of individual terms, with merged duplicates', () => {
    const data = {
      x: [0, 0, 3, 3, 1, 7],
      tx: [0, 0, 10.5, 10.5, 2, 30],
      T: [38, 38, 38, 38, 20, 31],
    };
    const prepared = prepareBgNbd(data);
    expect(prepared.rowX.length).toBe(4);
    const direct = data.x.reduce(
      (s, x, i) => s + bgnbdIndividualLogLikelihood(CDNOW, x, data.tx[i], data.T[i]),
      0,
    );
    expect(bgnbdLogLikelihood(CDNOW, prepared)).toBeCloseTo(direct, 10);
  });

  it('rejects impossible summaries', () => {
    expect(() => prepareBgNbd({ x: [1], tx: [5], T: [3] })).toThrow(/invalid summary/);
    expect(() => prepareBgNbd({ x: [0], tx: [2], T: [3] })).toThrow(/invalid summary/);
  });
});

describe('BG/NBD predictions', () => {
  it('P(alive) is 1 without repeats and follows the closed form otherwise', () => {
    expect(bgnbdProbabilityAlive(CDNOW, 0, 0, 30)).toBe(1);
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+tx))^(r+x)) with x=2, tx=30.43, T=38.86
    const odds =
      (CDNOW.a / (CDNOW.b + 1)) * ((CDNOW.alpha + 38.86) / (CDNOW.alpha + 30.43)) ** (CDNOW.r + 2);
    expect(bgnbdProbabilityAlive(CDNOW, 2, 30.43, 38.86)).toBeCloseTo(1 / (1 + odds), 14);
  });

  it('reproduces the FHL (2005) worked example: E[Y(39) | x=2, tx=30.43, T=38.86] = 1.226', () => {
    expect(bgnbdConditionalExpectedPurchases(CDNOW, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226, 3);
  });

  it('matches the ₂F₁ formula evaluated at 40 digits (mpmath)', () => {
    // (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + …)
    const rel = (got: number, want: number) => Math.abs(got / want - 1);
    expect(
      rel(bgnbdConditionalExpectedPurchases(CDNOW, 60, 38, 39, 2000), 344.15296570665714),
    ).toBeLessThan(1e-12);
    expect(
      rel(bgnbdConditionalExpectedPurchases(CDNOW, 0, 0, 0, 2000), 8.627060800482043),
    ).toBeLessThan(1e-12);
    const nearOne = { r: 0.8, alpha: 60, a: 1.0000001, b: 4 };
    expect(
      rel(bgnbdConditionalExpectedPurchases(nearOne, 5, 2, 700, 200), 0.000005467621827005694),
    ).toBeLessThan(1e-10);
    expect(
      rel(bgnbdConditionalExpectedPurchases(nearOne, 5, 150, 200, 365), 4.01033981520034),
    ).toBeLessThan(1e-10);
  });

  it('is continuous through a = 1, where the textbook formula is 0/0', () => {
    const at = (a: number) =>
      bgnbdConditionalExpectedPurchases({ r: 0.8, alpha: 60, a, b: 4 }, 3, 100, 300, 365);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(at(1)).toBeCloseTo((at(1 - 1e-7) + at(1 + 1e-7)) / 2, 9);
  });

  it('agrees with the mean of the independent P(X(t) = n) formula', () => {
    const t = 39;
    let mean = 0;
    let mass = 0;
    for (let n = 0; n < 400; n++) {
      const pn = bgnbdProbabilityOfPurchases(CDNOW, t, n);
      mean += n * pn;
      mass += pn;
    }
    expect(mass).toBeCloseTo(1, 9);
    expect(bgnbdExpectedPurchases(CDNOW, t)).toBeCloseTo(mean, 8);
    // …and is the conditional expectation of a customer observed for T = 0.
    expect(bgnbdConditionalExpectedPurchases(CDNOW, 0, 0, 0, t)).toBeCloseTo(
      bgnbdExpectedPurchases(CDNOW, t),
      12,
    );
  });
});

describe('fitBgNbd', () => {
  const truth = { r: 0.6, alpha: 8, a: 0.9, b: 3 };
  function simulate(n: number, seed: number) {
    const rng = createRng(seed);
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    for (let i = 0; i < n; i++) {
      const Ti = 26 + 26 * rng();
      const c = simulateCustomer(rng, truth, Ti);
      x.push(c.times.length);
      tx.push(c.times.at(-1) ?? 0);
      T.push(Ti);
    }
    return { x, tx, T };
  }

  it('recovers the parameters of simulated customers (20k, fixed seed)', () => {
    const data = simulate(20000, 20240607);
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    // The MLE beats the truth on its own sample…
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdLogLikelihood(truth, data));
    // …and lands near it (r, α well identified; a, b less so).
    expect(fit.params.r).toBeCloseTo(truth.r, 1);
    expect(fit.params.alpha / truth.alpha).toBeGreaterThan(0.85);
    expect(fit.params.alpha / truth.alpha).toBeLessThan(1.15);
    expect(fit.params.a / truth.a).toBeGreaterThan(0.7);
    expect(fit.params.a / truth.a).toBeLessThan(1.3);
    expect(fit.params.b / truth.b).toBeGreaterThan(0.7);
    expect(fit.params.b / truth.b).toBeLessThan(1.3);
  });

  it('depends on the time unit only through α and the Jacobian Σx·ln(unit)', () => {
    const weeks = simulate(3000, 7);
    const days = { x: weeks.x, tx: weeks.tx.map((v) => v * 7), T: weeks.T.map((v) => v * 7) };
    const fw = fitBgNbd(weeks);
    const fd = fitBgNbd(days);
    expect(fd.params.alpha / fw.params.alpha).toBeCloseTo(7, 3);
    expect(fd.params.r).toBeCloseTo(fw.params.r, 4);
    expect(fd.params.a).toBeCloseTo(fw.params.a, 3);
    const sumX = weeks.x.reduce((s, v) => s + v, 0);
    expect(fd.logLikelihood).toBeCloseTo(fw.logLikelihood - sumX * Math.log(7), 4);
  });
});
