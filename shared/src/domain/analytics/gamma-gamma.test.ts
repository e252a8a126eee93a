import {
  fitGammaGamma,
  gammaGammaConditionalExpectedSpend,
  gammaGammaIndividualLogLikelihood,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMeanSpend,
  prepareGammaGamma,
} from './gamma-gamma';
import { createRng, simulateCustomer } from './simulate';

describe('Gamma-Gamma log-likelihood (hand-computed)', () => {
  it('p=1, q=2, v=1, x=1, zbar=1: f = Γ(3)/(Γ(1)Γ(2)) · 1 · 1 / 2³ = 1/4', () => {
    expect(gammaGammaIndividualLogLikelihood({ p: 1, q: 2, v: 1 }, 1, 1)).toBeCloseTo(
      Math.log(0.25),
      14,
    );
  });

  it('p=2, q=3, v=4, x=2, zbar=3: f = Γ(7)/(Γ(4)Γ(3)) · 4³ · 2⁴ · 3³ / 10⁷', () => {
    const want = ((720 / (6 * 2)) * 64 * 16 * 27) / 1e7;
    expect(gammaGammaIndividualLogLikelihood({ p: 2, q: 3, v: 4 }, 2, 3)).toBeCloseTo(
      Math.log(want),
      13,
    );
  });

  it('is a density in zbar (integrates to 1)', () => {
    const g = { p: 2.5, q: 3.2, v: 20 };
    let total = 0;
    const h = 0.01;
    for (let z = h / 2; z < 4000; z += h)
      total += Math.exp(gammaGammaIndividualLogLikelihood(g, 3, z)) * h;
    expect(total).toBeCloseTo(1, 4);
  });

  it('sums individual terms over repeaters only, with sufficient statistics', () => {
    const data = { x: [0, 1, 2, 2, 5, 3], zbar: [0, 10, 12.5, 30, 8, 0] };
    const g = { p: 6.25, q: 3.74, v: 15.44 };
    const prepared = prepareGammaGamma(data);
    expect(prepared.repeaters).toBe(4); // x = 0 and zbar = 0 rows carry no spend information
    const direct = [1, 2, 3, 4].reduce(
      (s, i) => s + gammaGammaIndividualLogLikelihood(g, data.x[i], data.zbar[i]),
      0,
    );
    expect(gammaGammaLogLikelihood(g, prepared)).toBeCloseTo(direct, 10);
  });
});

describe('Gamma-Gamma conditional expected spend', () => {
  const g = { p: 6.25, q: 3.74, v: 15.44 };

  it('blends the population mean and the customer mean by weight px/(px+q−1)', () => {
    const population = gammaGammaPopulationMeanSpend(g);
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    const x = 4;
    const zbar = 50;
    const w = (g.p * x) / (g.p * x + g.q - 1);
    expect(gammaGammaConditionalExpectedSpend(g, x, zbar)).toBeCloseTo(
      (1 - w) * population + w * zbar,
      12,
    );
  });

  it('falls back to the population mean without repeats and is NaN when q ≤ 1', () => {
    expect(gammaGammaConditionalExpectedSpend(g, 0, 0)).toBeCloseTo(
      gammaGammaPopulationMeanSpend(g),
      12,
    );
    expect(gammaGammaConditionalExpectedSpend({ p: 1, q: 0.9, v: 1 }, 2, 3)).toBeNaN();
  });
});

describe('fitGammaGamma', () => {
  it('recovers simulated parameters (fixed seed)', () => {
    const truth = { p: 4, q: 5, v: 300 };
    const rng = createRng(99);
    const x: number[] = [];
    const zbar: number[] = [];
    while (x.length < 8000) {
      const c = simulateCustomer(rng, { r: 2, alpha: 10, a: 0.5, b: 5 }, 52, truth);
      if (c.times.length === 0) continue;
      x.push(c.times.length);
      const repeat = c.spends.slice(1);
      zbar.push(repeat.reduce((s, v) => s + v, 0) / repeat.length);
    }
    const fit = fitGammaGamma({ x, zbar });
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(truth, { x, zbar }));
    expect(fit.params.p / truth.p).toBeGreaterThan(0.9);
    expect(fit.params.p / truth.p).toBeLessThan(1.1);
    // q and v trade off along a ridge; their ratio (the mean of ν) is what the data pin down.
    expect(
      gammaGammaPopulationMeanSpend(fit.params) / gammaGammaPopulationMeanSpend(truth),
    ).toBeGreaterThan(0.95);
    expect(
      gammaGammaPopulationMeanSpend(fit.params) / gammaGammaPopulationMeanSpend(truth),
    ).toBeLessThan(1.05);
  });

  it('refuses data without repeat spend', () => {
    expect(() => fitGammaGamma({ x: [0, 0], zbar: [0, 0] })).toThrow(/no repeat customers/);
  });
});
