/**
 * Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader &
 * Hardie 2013 note). Transaction values z ~ Gamma(p, ν), ν ~ Gamma(q, v) across customers, so
 * the mean zbar of a customer's x repeat transactions has density
 *   f(zbar | x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q · x^(px) · zbar^(px−1) / (v + x·zbar)^(px+q).
 * Fitted on repeaters only (x > 0), with zbar the mean of the repeat purchase days.
 */
import type { FitResult } from './bgnbd';
import { bfgs, nelderMead } from './optimize';
import { lgamma } from './special';
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { exp, log } = Math;

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface SpendColumns {
  /** Repeat purchases (frequency). */
  x: ArrayLike<number>;
  /** Mean value of the repeat purchases. */
  zbar: ArrayLike<number>;
}

/** ln f(zbar | x) for one repeater. */
export function gammaGammaIndividualLogLikelihood(
  g: GammaGammaParams,
  x: number,
  zbar: number,
): number {
  const { p, q, v } = g;
  const px = p * x;
  return (
    lgamma(px + q) -
    lgamma(px) -
    lgamma(q) +
    q * log(v) +
    px * log(x) +
    (px - 1) * log(zbar) -
    (px + q) * log(v + x * zbar)
  );
}

/**
 * Sufficient statistics of the repeaters: the terms linear in p are summed once, leaving a
 * single log per repeater per likelihood evaluation.
 */
export interface GammaGammaPrepared {
  repeaters: number;
  xValues: Float64Array;
  xCounts: Float64Array;
  sumXLogZbar: number;
  sumLogZbar: number;
  sumXLogX: number;
  /** Per repeater: x and x·zbar. */
  x: Float64Array;
  xz: Float64Array;
}

export function prepareGammaGamma(data: SpendColumns): GammaGammaPrepared {
  const n = data.x.length;
  if (data.zbar.length !== n) throw new Error('prepareGammaGamma: column lengths differ');
  const xs: number[] = [];
  const xzs: number[] = [];
  const counts = new Map<number, number>();
  let sumXLogZbar = 0;
  let sumLogZbar = 0;
  let sumXLogX = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const z = data.zbar[i];
    if (!(x > 0 && z > 0)) continue; // non-repeaters and zero-spend rows carry no spend information
    xs.push(x);
    xzs.push(x * z);
    counts.set(x, (counts.get(x) ?? 0) + 1);
    const lz = log(z);
    sumXLogZbar += x * lz;
    sumLogZbar += lz;
    sumXLogX += x * log(x);
  }
  return {
    repeaters: xs.length,
    xValues: Float64Array.from(counts.keys()),
    xCounts: Float64Array.from(counts.values()),
    sumXLogZbar,
    sumLogZbar,
    sumXLogX,
    x: Float64Array.from(xs),
    xz: Float64Array.from(xzs),
  };
}

/** Σ ln f over the repeaters (rows with x = 0 or zbar ≤ 0 are ignored). */
export function gammaGammaLogLikelihood(
  g: GammaGammaParams,
  data: GammaGammaPrepared | SpendColumns,
): number {
  const d = 'xz' in data ? data : prepareGammaGamma(data);
  const { p, q, v } = g;
  if (!(p > 0 && q > 0 && v > 0)) return Number.NEGATIVE_INFINITY;
  let ll = d.repeaters * (q * log(v) - lgamma(q)) + p * (d.sumXLogX + d.sumXLogZbar) - d.sumLogZbar;
  for (let k = 0; k < d.xValues.length; k++) {
    const px = p * d.xValues[k];
    ll += d.xCounts[k] * (lgamma(px + q) - lgamma(px));
  }
  for (let i = 0; i < d.repeaters; i++) ll -= (p * d.x[i] + q) * log(v + d.xz[i]);
  return ll;
}

export function fitGammaGamma(
  data: SpendColumns | GammaGammaPrepared,
  options: { initial?: GammaGammaParams } = {},
): FitResult<GammaGammaParams> {
  const d = 'xz' in data ? data : prepareGammaGamma(data);
  if (d.repeaters === 0) throw new Error('fitGammaGamma: no repeat customers with positive spend');
  const toParams = (th: readonly number[]) => ({
    p: exp(th[0]),
    q: exp(th[1]),
    v: exp(th[2]),
  });
  const scale = 1 / d.repeaters;
  const objective = (th: readonly number[]) => {
    const val = -gammaGammaLogLikelihood(toParams(th), d) * scale;
    return Number.isFinite(val) ? val : Number.POSITIVE_INFINITY;
  };
  // Start with p = 1, q = 2 and v matching the mean spend (E[z] = pv/(q−1)).
  let mean = 0;
  for (let i = 0; i < d.repeaters; i++) mean += d.xz[i] / d.x[i];
  mean /= d.repeaters;
  const start = options.initial ?? { p: 1, q: 2, v: mean };
  const th0 = [start.p, start.q, start.v].map(log);
  const nm = nelderMead(objective, th0, { fTolerance: 1e-12, xTolerance: 1e-7 });
  const polished = bfgs(objective, nm.x, { gradientTolerance: 1e-8 });
  const best = polished.value <= nm.value ? polished : nm;
  return {
    params: toParams(best.x),
    logLikelihood: -best.value / scale,
    converged: nm.converged || polished.converged,
    evaluations: nm.evaluations + polished.evaluations,
  };
}

/**
 * E[Z | x, zbar]: the customer's expected spend per transaction, a credibility-weighted blend of
 * the population mean pv/(q−1) and their own zbar. Customers with x = 0 get the population mean.
 * Requires q > 1 (otherwise the population mean is infinite).
 */
export function gammaGammaConditionalExpectedSpend(
  g: GammaGammaParams,
  x: number,
  zbar: number,
): number {
  const { p, q, v } = g;
  if (!(q > 1)) return Number.NaN;
  if (!(x > 0)) return (p * v) / (q - 1);
  return (p * (v + x * zbar)) / (p * x + q - 1);
}

/** Population mean spend per transaction, pv/(q−1). */
export function gammaGammaPopulationMeanSpend(g: GammaGammaParams): number {
  return g.q > 1 ? (g.p * g.v) / (g.q - 1) : Number.NaN;
}
