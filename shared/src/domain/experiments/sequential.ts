/**
 * Always-valid p-values for watching an experiment while it runs: the mixture sequential
 * probability ratio test (mSPRT) of Johari, Pekelis & Walsh, "Always Valid Inference:
 * Continuous Monitoring of A/B Tests" (2017/2022), for a difference in means.
 *
 * With δ̂ the observed difference (treatment − control) and V its variance
 * (σ²_t/n_t + σ²_c/n_c), the likelihood ratio of "δ ~ N(0, τ²)" against "δ = 0", integrated over
 * the normal mixture, is
 *
 *   Λ = sqrt(V / (V + τ²)) · exp(τ² δ̂² / (2 V (V + τ²)))
 *
 * Under no effect Λ is a martingale with mean 1, so by Ville's inequality P(sup Λ ≥ 1/α) ≤ α:
 * p = min(1, 1/Λ), kept as a running minimum over the looks, can be read at any time (after
 * every order, every day) without inflating the false-positive rate.
 *
 * τ is the scale of effects the test is tuned to find fastest, in the metric's unit: power is
 * best for true effects near τ and degrades slowly either side. It must be fixed before the
 * data are seen (choosing it from the same data breaks the guarantee). `msprtTau` gives the
 * default used here: 10% of the metric's standard deviation, the order of the lifts retail
 * promotions produce; pass a pre-period standard deviation, not the running one.
 */

export interface SequentialLook {
  /** Observed difference in means at this look (treatment − control). */
  diff: number;
  /** Variance of that difference: var_t/n_t + var_c/n_c. */
  variance: number;
}

/** Default mixture scale: a tenth of the metric's standard deviation (see the module comment). */
export const msprtTau = (standardDeviation: number): number => 0.1 * standardDeviation;

/** The mixture likelihood ratio Λ at one look (1 when the variance is not yet defined). */
export function msprtLikelihoodRatio(look: SequentialLook, tau: number): number {
  const { diff, variance: v } = look;
  if (!(v > 0) || !Number.isFinite(diff)) return 1;
  const t2 = tau * tau;
  const logLambda = 0.5 * Math.log(v / (v + t2)) + (t2 * diff * diff) / (2 * v * (v + t2));
  return Math.exp(logLambda);
}

/** The always-valid p-value after one look, given the previous one (1 before the first look). */
export function msprtPValue(look: SequentialLook, tau: number, previous = 1): number {
  if (!(tau > 0)) throw new Error('mSPRT needs a mixture scale tau > 0');
  return Math.min(previous, 1, 1 / msprtLikelihoodRatio(look, tau));
}

/** Always-valid p-values for a series of looks: the running minimum of min(1, 1/Λ). */
export function msprtPValues(looks: readonly SequentialLook[], tau: number): number[] {
  const out: number[] = [];
  let p = 1;
  for (const look of looks) {
    p = msprtPValue(look, tau, p);
    out.push(p);
  }
  return out;
}
