import { createRng, type Rng, sampleNormal } from '../analytics/simulate';
import { welchTTest } from './hypothesis';
import { msprtLikelihoodRatio, msprtPValue, msprtPValues, type SequentialLook } from './sequential';
import { metricMoments } from './summary';

/** Looks after every `step` units per arm up to `max`, for arms with the given true means. */
function simulateLooks(rng: Rng, effect: number, step: number, max: number) {
  const t: number[] = [];
  const c: number[] = [];
  const looks: SequentialLook[] = [];
  const naive: number[] = [];
  while (t.length < max) {
    for (let i = 0; i < step; i++) {
      t.push(100 + effect + 20 * sampleNormal(rng));
      c.push(100 + 20 * sampleNormal(rng));
    }
    const mt = metricMoments(t);
    const mc = metricMoments(c);
    looks.push({ diff: mt.mean - mc.mean, variance: mt.variance / mt.n + mc.variance / mc.n });
    naive.push(welchTTest(mt, mc).pValue);
  }
  return { looks, naive };
}

describe('mSPRT always-valid p-values', () => {
  it('follows the normal-mixture formula', () => {
    // V = 4, τ² = 1, δ = 3: Λ = sqrt(4/5) · exp(9 / 40)
    const lambda = Math.sqrt(0.8) * Math.exp(9 / 40);
    expect(msprtLikelihoodRatio({ diff: 3, variance: 4 }, 1)).toBeCloseTo(lambda, 14);
    expect(msprtPValue({ diff: 3, variance: 4 }, 1)).toBeCloseTo(1 / lambda, 14);
    // δ = 1: Λ = sqrt(0.8) · exp(1/40) ≈ 0.92 < 1, so p is capped at 1
    expect(msprtPValue({ diff: 1, variance: 4 }, 1)).toBe(1);
    expect(msprtPValue({ diff: 12, variance: 4 }, 1)).toBeCloseTo(
      1 / (Math.sqrt(0.8) * Math.exp(144 / 40)),
      14,
    );
    expect(() => msprtPValue({ diff: 1, variance: 1 }, 0)).toThrow(/tau/);
  });

  it('never rises again once the evidence has been seen (running minimum)', () => {
    const ps = msprtPValues(
      [
        { diff: 0, variance: 1 },
        { diff: 8, variance: 1 },
        { diff: 0.5, variance: 0.5 },
      ],
      2,
    );
    expect(ps[0]).toBe(1);
    expect(ps[1]).toBeLessThan(1e-5);
    expect(ps[2]).toBe(ps[1]);
  });

  it('keeps false alarms under alpha when peeking at every look with no true effect', () => {
    const rng = createRng(20250601);
    const alpha = 0.05;
    const runs = 300;
    let msprtAlarms = 0;
    let naiveAlarms = 0;
    for (let r = 0; r < runs; r++) {
      const { looks, naive } = simulateLooks(rng, 0, 25, 2000);
      const ps = msprtPValues(looks, 2); // τ = 10% of the standard deviation (20)
      if (ps[ps.length - 1]! < alpha) msprtAlarms++;
      if (naive.some((p) => p < alpha)) naiveAlarms++;
    }
    // Ville's bound: at most α of the sequences ever cross. Peeking at the fixed-horizon Welch
    // p-value 80 times instead raises far more false alarms, which is what mSPRT is for.
    expect(msprtAlarms / runs).toBeLessThanOrEqual(alpha);
    expect(naiveAlarms / runs).toBeGreaterThan(2 * alpha);
  });

  it('detects a real lift as the data accumulate', () => {
    const rng = createRng(7);
    let detected = 0;
    for (let r = 0; r < 40; r++) {
      const { looks } = simulateLooks(rng, 4, 25, 2000); // a 0.2 sd lift
      const ps = msprtPValues(looks, 2);
      if (ps[ps.length - 1]! < 0.05) detected++;
    }
    expect(detected).toBeGreaterThanOrEqual(36);
  });
});
