/** Per-arm moments of an experiment metric. */

/** What the tests need from one arm: size, mean and sample variance (n − 1 denominator). */
export interface ArmMoments {
  n: number;
  mean: number;
  variance: number;
}

export interface ArmSummary extends ArmMoments {
  /** Share of units that converted; NaN when no conversion flags were given. */
  conversionRate: number;
  conversions: number;
}

/**
 * Mean and sample variance by two passes (the centred second pass keeps revenue in the
 * thousands from cancelling). n < 2 gives a NaN variance, as scipy does.
 */
export function metricMoments(values: ArrayLike<number>): ArmMoments {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
    comp += d;
  }
  // Corrected two-pass: subtracts the rounding left in the mean.
  const variance = n > 1 ? (ss - (comp * comp) / n) / (n - 1) : Number.NaN;
  return { n, mean, variance };
}

/** Summary of one arm: metric moments plus the conversion rate from 0/1 (or boolean) flags. */
export function summariseArm(
  values: ArrayLike<number>,
  converted?: ArrayLike<number | boolean>,
): ArmSummary {
  const m = metricMoments(values);
  if (!converted) return { ...m, conversions: 0, conversionRate: Number.NaN };
  if (converted.length !== values.length) {
    throw new Error(`converted has ${converted.length} flags for ${values.length} values`);
  }
  let conversions = 0;
  for (let i = 0; i < converted.length; i++) if (converted[i]) conversions++;
  return { ...m, conversions, conversionRate: m.n > 0 ? conversions / m.n : Number.NaN };
}

/** Sample covariance of two equally long series (n − 1 denominator). */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error(`covariance of ${n} and ${y.length} values`);
  if (n < 2) return Number.NaN;
  const mx = metricMoments(x).mean;
  const my = metricMoments(y).mean;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i]! - mx) * (y[i]! - my);
  return s / (n - 1);
}
