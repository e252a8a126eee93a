/**
 * Every figure here was computed by scipy (fixtures/gen_fixtures.py → scipy-fixtures.json) from
 * the same numbers the tests feed in; agreement is to 1e-6 relative.
 */
import fixtures from './fixtures/scipy-fixtures.json';
import {
  chiSquaredSf,
  conversionChiSquared,
  cupedTest,
  sampleRatioMismatch,
  studentTCdf,
  studentTQuantile,
  studentTSf,
  summariseArm,
  welchTTest,
} from './index';

const REL = 1e-6;

function expectClose(actual: number, expected: number, what: string, rel = REL): void {
  const err = Math.abs(actual - expected);
  if (!(err <= rel * Math.abs(expected) || err < 1e-300)) {
    throw new Error(
      `${what}: got ${actual}, scipy ${expected} (relative error ${err / Math.abs(expected)})`,
    );
  }
}

describe('distributions against scipy.stats', () => {
  it.each(fixtures.distributions.tSf)('t.sf($t, df=$df)', ({ t, df, sf }) => {
    expectClose(studentTSf(t, df), sf, 'sf');
    expectClose(studentTCdf(-t, df), sf, 'cdf of −t');
  });

  it.each(fixtures.distributions.tQuantile)('t.ppf($p, df=$df)', ({ p, df, quantile }) => {
    const q = studentTQuantile(p, df);
    if (quantile === 0) expect(q).toBe(0);
    else expectClose(q, quantile, 'quantile', 1e-9);
  });

  it.each(fixtures.distributions.chi2Sf)('chi2.sf($x, k=$k)', ({ x, k, sf }) => {
    expectClose(chiSquaredSf(x, k), sf, 'chi2 sf');
  });
});

describe("Welch's t-test against ttest_ind(equal_var=False)", () => {
  it.each(fixtures.welch)('$name', (c) => {
    const r = welchTTest(summariseArm(c.treatment), summariseArm(c.control));
    expectClose(r.diff, c.diff, 'diff');
    expectClose(r.statistic, c.statistic, 'statistic');
    expectClose(r.df, c.df, 'df');
    expectClose(r.pValue, c.pValue, 'p-value');
    expectClose(r.ciLow, c.ciLow, 'CI low');
    expectClose(r.ciHigh, c.ciHigh, 'CI high');
  });

  it('refuses an arm with fewer than 2 units and has no test when both arms are constant', () => {
    expect(() => welchTTest(summariseArm([1]), summariseArm([1, 2]))).toThrow(/at least 2/);
    const flat = welchTTest(summariseArm([3, 3, 3]), summariseArm([2, 2]));
    expect(flat.diff).toBe(1);
    expect(flat.pValue).toBeNaN();
  });
});

describe('CUPED against the same recipe in numpy + ttest_ind', () => {
  it.each(fixtures.cuped)('$name', (c) => {
    const r = cupedTest(c.treatment, c.control);
    expectClose(r.theta, c.theta, 'theta');
    expectClose(r.varianceReduction, c.varianceReduction, 'variance reduction');
    expectClose(r.diff, c.diff, 'diff');
    expectClose(r.pValue, c.pValue, 'p-value');
    expectClose(r.ciLow, c.ciLow, 'CI low');
    expectClose(r.ciHigh, c.ciHigh, 'CI high');
  });

  it('narrows the interval when the pre-period predicts the metric', () => {
    const strong = fixtures.cuped[0]!;
    const plain = welchTTest(summariseArm(strong.treatment.y), summariseArm(strong.control.y));
    const adjusted = cupedTest(strong.treatment, strong.control);
    expect(adjusted.ciHigh - adjusted.ciLow).toBeLessThan(0.6 * (plain.ciHigh - plain.ciLow));
  });

  it('falls back to the plain test when the covariate is constant', () => {
    const t = { y: [5, 7, 9, 4], x: [1, 1, 1, 1] };
    const c = { y: [3, 4, 6], x: [1, 1, 1] };
    const r = cupedTest(t, c);
    expect(r.theta).toBe(0);
    expect(r.varianceReduction).toBeCloseTo(0, 12);
    expect(r.pValue).toBeCloseTo(welchTTest(summariseArm(t.y), summariseArm(c.y)).pValue, 12);
  });
});

describe('conversion chi-squared against chi2_contingency(correction=False)', () => {
  it.each(fixtures.chi2Contingency.map((c) => ({ ...c, name: JSON.stringify(c.table) })))(
    '$name',
    (c) => {
      const [[ct, nt], [cc, nc]] = c.table as [[number, number], [number, number]];
      const r = conversionChiSquared(
        { n: ct + nt, conversions: ct },
        { n: cc + nc, conversions: cc },
      );
      expectClose(r.statistic, c.statistic, 'statistic');
      expectClose(r.pValue, c.pValue, 'p-value');
      expectClose(r.diff, c.diff, 'diff');
    },
  );

  it('has no test when nobody (or everybody) converted', () => {
    const r = conversionChiSquared({ n: 10, conversions: 0 }, { n: 12, conversions: 0 });
    expect(r.diff).toBe(0);
    expect(r.pValue).toBeNaN();
  });
});

describe('sample ratio mismatch against chisquare', () => {
  it.each(fixtures.chisquare)('$counts for weights $weights', (c) => {
    const r = sampleRatioMismatch(c.counts, c.weights);
    expectClose(r.statistic, c.statistic, 'statistic');
    expectClose(r.pValue, c.pValue, 'p-value');
    expect(r.mismatch).toBe(c.pValue < 0.001);
  });

  it('flags the skewed 50/50 split and passes the balanced one', () => {
    expect(sampleRatioMismatch([5210, 4790], [1, 1]).mismatch).toBe(true);
    expect(sampleRatioMismatch([5000, 5000], [1, 1]).mismatch).toBe(false);
    expect(() => sampleRatioMismatch([10, 10], [1])).toThrow(/one weight per arm/);
  });
});
