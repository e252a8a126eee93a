/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013): subtract the part of a metric that the same metric's
 * pre-period value predicts, then run the ordinary Welch test on what is left. Assignment is
 * independent of the pre-period, so the adjustment keeps the difference unbiased while removing
 * the variance the covariate explains.
 */
import { type WelchResult, welchTTest } from './hypothesis';
import { covariance, metricMoments } from './summary';

/** One arm's metric (y) and its pre-period covariate (x), unit by unit. */
export interface CupedArm {
  y: ArrayLike<number>;
  x: ArrayLike<number>;
}

export interface CupedResult extends WelchResult {
  /** cov(Y, X) / var(X) over the units of both arms. */
  theta: number;
  /** 1 − var(Y′)/var(Y) over the units of both arms (0 when X explains nothing). */
  varianceReduction: number;
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  for (let i = 0; i < b.length; i++) out[a.length + i] = b[i]!;
  return out;
}

/**
 * θ and the covariate mean come from the pooled units of the two compared arms (one θ for both
 * arms, so the adjustment cannot create a difference). A constant covariate gives θ = 0 and the
 * plain Welch test.
 */
export function cupedTest(treatment: CupedArm, control: CupedArm, confidence = 0.95): CupedResult {
  for (const arm of [treatment, control]) {
    if (arm.x.length !== arm.y.length) {
      throw new Error(`CUPED needs one covariate per unit (${arm.x.length} for ${arm.y.length})`);
    }
  }
  const y = concat(treatment.y, control.y);
  const x = concat(treatment.x, control.x);
  const varX = metricMoments(x).variance;
  const theta = varX > 0 ? covariance(y, x) / varX : 0;
  const meanX = metricMoments(x).mean;
  const adjust = (arm: CupedArm) => {
    const out = new Float64Array(arm.y.length);
    for (let i = 0; i < out.length; i++) out[i] = arm.y[i]! - theta * (arm.x[i]! - meanX);
    return out;
  };
  const yt = adjust(treatment);
  const yc = adjust(control);
  const varY = metricMoments(y).variance;
  const varAdjusted = metricMoments(concat(yt, yc)).variance;
  return {
    ...welchTTest(metricMoments(yt), metricMoments(yc), confidence),
    theta,
    varianceReduction: varY > 0 ? 1 - varAdjusted / varY : 0,
  };
}
