/**
 * BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): likelihood
 * and maximum-likelihood fit. Predictions live in bgnbd-predict.ts.
 *
 * Per customer, x = repeat purchases, tx = time of the last purchase and T = time observed, both
 * measured from the first purchase in the model's time unit:
 *   L = A1 · A2 · (A3 + δ(x>0) · A4)
 *   A1 = Γ(r+x) α^r / Γ(r)             A2 = Γ(a+b) Γ(b+x) / (Γ(b) Γ(a+b+x))
 *   A3 = (α+T)^−(r+x)                  A4 = a / (b+x−1) · (α+tx)^−(r+x)
 */
import { nelderMead, bfgs } from './optimize';
import { lgamma, logAddExp } from './special';
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { exp, log, log1p } = Math;
const NEG_INF = Number.NEGATIVE_INFINITY;
const { isInteger } = Number;

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Column-oriented calibration summaries (one entry per customer). */
export interface RepeatColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
}

export interface BgNbdTerms {
  lnA1: number;
  lnA2: number;
  lnA3: number;
  /** −Infinity when x = 0 (the term is absent). */
  lnA4: number;
}

export function bgnbdLogLikelihoodTerms(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
): BgNbdTerms {
  const { r, alpha, a, b } = p;
  return {
    lnA1: lgamma(r + x) - lgamma(r) + r * log(alpha),
    lnA2: lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x),
    lnA3: -(r + x) * log(alpha + T),
    lnA4: x > 0 ? log(a) - log(b + x - 1) - (r + x) * log(alpha + tx) : Number.NEGATIVE_INFINITY,
  };
}

/** ln L for one customer. */
export function bgnbdIndividualLogLikelihood(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  const t = bgnbdLogLikelihoodTerms(p, x, tx, T);
  return t.lnA1 + t.lnA2 + logAddExp(t.lnA3, t.lnA4);
}

/**
 * Sufficient statistics: identical (x, tx, T) rows are merged with a weight, and the terms that
 * depend on x alone are summed once per distinct x.
 */
export interface BgNbdPrepared {
  customers: number;
  /** Distinct x values and how many customers have each. */
  xValues: Float64Array;
  xCounts: Float64Array;
  /** Unique rows: index into xValues, tx, T, weight. */
  rowX: Int32Array;
  rowTx: Float64Array;
  rowT: Float64Array;
  rowWeight: Float64Array;
}

export function prepareBgNbd(data: RepeatColumns): BgNbdPrepared {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n)
    throw new Error('prepareBgNbd: column lengths differ');
  const xIndex = new Map<number, number>();
  const xValues: number[] = [];
  const xCounts: number[] = [];
  const rowIndex = new Map<string, number>();
  const rowX: number[] = [];
  const rowTx: number[] = [];
  const rowT: number[] = [];
  const rowWeight: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    if (!(isInteger(x) && x >= 0 && tx >= 0 && T >= tx && (x > 0 || tx === 0))) {
      throw new Error(`prepareBgNbd: invalid summary at row ${i}: x=${x}, tx=${tx}, T=${T}`);
    }
    let xi = xIndex.get(x);
    if (xi === undefined) {
      xi = xValues.length;
      xIndex.set(x, xi);
      xValues.push(x);
      xCounts.push(0);
    }
    xCounts[xi]++;
    const key = `${x}|${tx}|${T}`;
    const ri = rowIndex.get(key);
    if (ri === undefined) {
      rowIndex.set(key, rowX.length);
      rowX.push(xi);
      rowTx.push(tx);
      rowT.push(T);
      rowWeight.push(1);
    } else {
      rowWeight[ri]++;
    }
  }
  return {
    customers: n,
    xValues: Float64Array.from(xValues),
    xCounts: Float64Array.from(xCounts),
    rowX: Int32Array.from(rowX),
    rowTx: Float64Array.from(rowTx),
    rowT: Float64Array.from(rowT),
    rowWeight: Float64Array.from(rowWeight),
  };
}

/** Σ ln L over all customers. */
export function bgnbdLogLikelihood(p: BgNbdParams, data: BgNbdPrepared | RepeatColumns): number {
  const d = 'rowX' in data ? data : prepareBgNbd(data);
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NEGATIVE_INFINITY;
  const nx = d.xValues.length;
  const lnA4Const = new Float64Array(nx);
  let ll = d.customers * (r * log(alpha) + lgamma(a + b) - lgamma(r) - lgamma(b));
  const lnA = log(a);
  for (let k = 0; k < nx; k++) {
    const x = d.xValues[k];
    ll += d.xCounts[k] * (lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x));
    lnA4Const[k] = x > 0 ? lnA - log(b + x - 1) : NEG_INF;
  }
  const rows = d.rowX.length;
  for (let i = 0; i < rows; i++) {
    const k = d.rowX[i];
    const rx = r + d.xValues[k];
    const lnA3 = -rx * log(alpha + d.rowT[i]);
    const c = lnA4Const[k];
    let term = lnA3;
    if (c !== NEG_INF) {
      const lnA4 = c - rx * log(alpha + d.rowTx[i]);
      term = lnA3 > lnA4 ? lnA3 + log1p(exp(lnA4 - lnA3)) : lnA4 + log1p(exp(lnA3 - lnA4));
    }
    ll += d.rowWeight[i] * term;
  }
  return ll;
}

export interface FitResult<P> {
  params: P;
  logLikelihood: number;
  converged: boolean;
  evaluations: number;
}

export interface BgNbdFitOptions {
  initial?: BgNbdParams;
}

/**
 * Maximum likelihood on log-parameters: Nelder–Mead (robust from a rough start), then a BFGS
 * polish to tighten the optimum to gradient ≈ 0.
 */
export function fitBgNbd(
  data: RepeatColumns | BgNbdPrepared,
  options: BgNbdFitOptions = {},
): FitResult<BgNbdParams> {
  const d = 'rowX' in data ? data : prepareBgNbd(data);
  if (d.customers === 0) throw new Error('fitBgNbd: no customers');
  const toParams = (th: readonly number[]): BgNbdParams => ({
    r: exp(th[0]),
    alpha: exp(th[1]),
    a: exp(th[2]),
    b: exp(th[3]),
  });
  const scale = 1 / d.customers;
  const objective = (th: readonly number[]) => {
    const v = -bgnbdLogLikelihood(toParams(th), d) * scale;
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const start = options.initial ?? { r: 1, alpha: defaultAlpha(d), a: 1, b: 3 };
  const th0 = [start.r, start.alpha, start.a, start.b].map(log);
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

/** Start α so that r/α (with r = 1) matches the pooled repeat rate Σx / ΣT. */
function defaultAlpha(d: BgNbdPrepared): number {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < d.rowX.length; i++) {
    sx += d.rowWeight[i] * d.xValues[d.rowX[i]];
    sT += d.rowWeight[i] * d.rowT[i];
  }
  return sx > 0 && sT > 0 ? sT / sx : 1;
}
