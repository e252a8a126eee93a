/**
 * Fixed-horizon tests for an experiment: Welch's t on a metric's means, the 2×2 chi-squared
 * on conversion, the goodness-of-fit chi-squared for sample ratio mismatch, and Holm's step-down
 * correction when several treatment arms are compared with one control. Results match
 * scipy.stats (ttest_ind(equal_var=False), chi2_contingency(correction=False), chisquare).
 */
import { chiSquaredSf, studentTQuantile, studentTTwoSided } from './distributions';
import type { ArmMoments } from './summary';

export interface WelchResult {
  /** treatment mean − control mean */
  diff: number;
  standardError: number;
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  pValue: number;
  ciLow: number;
  ciHigh: number;
}

/**
 * Welch's unequal-variance t-test of treatment − control, two-sided, with a confidence interval
 * from the same t distribution. When both arms have zero variance the test is undefined: the
 * statistic, p-value and interval are NaN (scipy answers the same).
 */
export function welchTTest(
  treatment: ArmMoments,
  control: ArmMoments,
  confidence = 0.95,
): WelchResult {
  if (treatment.n < 2 || control.n < 2) {
    throw new Error('Welch test needs at least 2 units in each arm');
  }
  const vt = treatment.variance / treatment.n;
  const vc = control.variance / control.n;
  const se2 = vt + vc;
  const diff = treatment.mean - control.mean;
  const standardError = Math.sqrt(se2);
  const df = (se2 * se2) / ((vt * vt) / (treatment.n - 1) + (vc * vc) / (control.n - 1));
  if (!(se2 > 0)) {
    const nan = Number.NaN;
    return { diff, standardError, statistic: nan, df: nan, pValue: nan, ciLow: nan, ciHigh: nan };
  }
  const statistic = diff / standardError;
  const half = studentTQuantile(0.5 + confidence / 2, df) * standardError;
  return {
    diff,
    standardError,
    statistic,
    df,
    pValue: Math.min(1, studentTTwoSided(statistic, df)),
    ciLow: diff - half,
    ciHigh: diff + half,
  };
}

export interface ConversionCounts {
  n: number;
  conversions: number;
}

export interface ConversionTest {
  /** treatment rate − control rate */
  diff: number;
  statistic: number;
  pValue: number;
}

/**
 * Pearson chi-squared test of independence on the 2×2 table (arm × converted), no continuity
 * correction. A table with an empty row or column has no test (NaN statistic and p-value),
 * where scipy raises.
 */
export function conversionChiSquared(
  treatment: ConversionCounts,
  control: ConversionCounts,
): ConversionTest {
  const table = [
    [treatment.conversions, treatment.n - treatment.conversions],
    [control.conversions, control.n - control.conversions],
  ];
  const diff = treatment.conversions / treatment.n - control.conversions / control.n;
  const rows = table.map((r) => r[0]! + r[1]!);
  const cols = [table[0]![0]! + table[1]![0]!, table[0]![1]! + table[1]![1]!];
  const total = rows[0]! + rows[1]!;
  let statistic = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const expected = (rows[i]! * cols[j]!) / total;
      if (!(expected > 0)) return { diff, statistic: Number.NaN, pValue: Number.NaN };
      const d = table[i]![j]! - expected;
      statistic += (d * d) / expected;
    }
  }
  return { diff, statistic, pValue: chiSquaredSf(statistic, 1) };
}

export interface SrmResult {
  statistic: number;
  pValue: number;
  /** Allocation is broken when the counts are this unlikely under the configured weights. */
  mismatch: boolean;
}

/** The conventional SRM alarm level: strict, because the check runs on every experiment. */
export const SRM_ALPHA = 0.001;

/** Chi-squared goodness of fit of the arms' unit counts against the configured weights. */
export function sampleRatioMismatch(
  counts: readonly number[],
  weights: readonly number[],
  alpha = SRM_ALPHA,
): SrmResult {
  if (counts.length !== weights.length || counts.length < 2) {
    throw new Error('SRM check needs one weight per arm and at least 2 arms');
  }
  if (weights.some((w) => !(w > 0))) throw new Error('SRM weights must be positive');
  const total = counts.reduce((s, c) => s + c, 0);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  let statistic = 0;
  counts.forEach((c, i) => {
    const expected = (total * weights[i]!) / weightSum;
    statistic += ((c - expected) * (c - expected)) / expected;
  });
  const pValue = chiSquaredSf(statistic, counts.length - 1);
  return { statistic, pValue, mismatch: pValue < alpha };
}

/**
 * Holm–Bonferroni adjusted p-values, in the input order: the i-th smallest is multiplied by
 * (m − i + 1), made monotone and capped at 1. Rejecting adjusted p < α controls the
 * family-wise error rate at α across the comparisons. A NaN p-value (an undefined test) stays
 * NaN and does not count towards m.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => [p, i] as const)
    .filter(([p]) => !Number.isNaN(p))
    .sort((a, b) => a[0] - b[0]);
  const m = order.length;
  const out = pValues.map(() => Number.NaN);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
