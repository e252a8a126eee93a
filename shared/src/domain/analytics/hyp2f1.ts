/**
 * Gaussian hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1.
 *
 * Strategy (Abramowitz & Stegun ch. 15):
 * - terminating cases (a or b a non-positive integer) are summed exactly;
 * - z < 0 is mapped into (0, 1) with Pfaff's transformation;
 * - on (0, 1) the power series is tried in the better-conditioned of the direct and the Euler
 *   form (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z): with large c (BG/NBD with many repeat purchases)
 *   it converges in a handful of terms even close to z = 1;
 * - when the series would be slow (z near 1) or loses digits to cancellation, the 1−z linear
 *   transformation is used: 15.3.6 for non-integer c−a−b, and the logarithmic forms
 *   15.3.10/15.3.11 (digamma series) when c−a−b is an integer, where 15.3.6 degenerates;
 * - z = 1 uses Gauss's theorem.
 */
import { digamma, gammaRatio, isNonPositiveInteger, lgamma, gammaSign } from './special';
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { abs, exp, log, max, min, round } = Math;

const EPS = 1e-16;
/** Within this distance of an integer, c−a−b is handled by interpolation around the exact case. */
const NEAR_INTEGER = 1e-4;
const SERIES_MAX_TERMS_NEAR_ONE = 1500;
const SERIES_MAX_TERMS = 100_000;
/** A series whose largest term exceeds the sum by this factor has lost too many digits. */
const MAX_CANCELLATION = 1e6;

interface SeriesResult {
  sum: number;
  converged: boolean;
  cancellation: number;
}

/** Σ_k (a)_k (b)_k / ((c)_k k!) z^k, with a tail bound for the stopping rule. */
export function hyp2f1Series(
  a: number,
  b: number,
  c: number,
  z: number,
  maxTerms: number,
): SeriesResult {
  let term = 1;
  let sum = 1;
  let maxAbs = 1;
  for (let k = 0; k < maxTerms; k++) {
    const ratio = ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    term *= ratio;
    sum += term;
    const absTerm = abs(term);
    if (absTerm > maxAbs) maxAbs = absTerm;
    if (term === 0) return { sum, converged: true, cancellation: maxAbs / abs(sum) };
    // Ratios tend to z, from above or below; max(|ratio|, |z|) bounds the remaining ones once
    // k has passed the parameters, which the k > |a|+|b| guard ensures.
    const bound = max(abs(ratio), abs(z));
    if (bound < 1 && k > abs(a) + abs(b) + (c < 0 ? -c : 0)) {
      const tail = (absTerm * bound) / (1 - bound);
      if (tail <= EPS * abs(sum)) {
        return { sum, converged: true, cancellation: maxAbs / abs(sum) };
      }
    }
  }
  return { sum, converged: false, cancellation: maxAbs / abs(sum) };
}

function terminatingSum(a: number, b: number, c: number, z: number): number {
  const n = min(
    a <= 0 && Number.isInteger(a) ? -a : Infinity,
    b <= 0 && Number.isInteger(b) ? -b : Infinity,
  );
  if (isNonPositiveInteger(c) && -c < n) return Number.NaN;
  let term = 1;
  let sum = 1;
  for (let k = 0; k < n; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
  }
  return sum;
}

/** ₂F₁(a, b; c; z). Returns NaN for a pole in c and for z > 1 (the branch cut). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if ([a, b, c, z].some(Number.isNaN)) return Number.NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return terminatingSum(a, b, c, z);
  if (isNonPositiveInteger(c)) return Number.NaN;
  if (z > 1) return Number.NaN;
  if (a === c) return (1 - z) ** -b;
  if (b === c) return (1 - z) ** -a;
  if (z === 1) return gaussAtOne(a, b, c);
  if (z < 0) {
    // Pfaff: ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)); pick the variant whose upper
    // parameters have the smaller product: it bounds the early growth of the (alternating) terms.
    const w = z / (z - 1);
    return abs(a * (c - b)) <= abs(b * (c - a))
      ? (1 - z) ** -a * hyp2f1(a, c - b, c, w)
      : (1 - z) ** -b * hyp2f1(b, c - a, c, w);
  }
  return hyp2f1Unit(a, b, c, z);
}

function gaussAtOne(a: number, b: number, c: number): number {
  const d = c - a - b;
  if (d <= 0) return Number.POSITIVE_INFINITY;
  return gammaRatio([c, d], [c - a, c - b]);
}

/** 0 < z < 1. */
function hyp2f1Unit(a: number, b: number, c: number, z: number): number {
  const d = c - a - b;
  // Euler's form has upper parameters c−a, c−b; prefer whichever pair is smaller, which is
  // what controls the hump of the terms before they decay.
  const eulerFirst = abs((c - a) * (c - b)) < abs(a * b);
  const budget = z <= 0.75 ? SERIES_MAX_TERMS : SERIES_MAX_TERMS_NEAR_ONE;
  const forms: Array<() => number> = [
    () => tryForm(a, b, c, z, 1, budget),
    () => tryForm(c - a, c - b, c, z, (1 - z) ** d, budget),
  ];
  if (eulerFirst) forms.reverse();
  for (const form of forms) {
    const v = form();
    if (!Number.isNaN(v)) return v;
  }
  return oneMinusZ(a, b, c, z);
}

function tryForm(
  a: number,
  b: number,
  c: number,
  z: number,
  prefactor: number,
  budget: number,
): number {
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b))
    return prefactor * terminatingSum(a, b, c, z);
  const s = hyp2f1Series(a, b, c, z, budget);
  if (!s.converged || s.cancellation > MAX_CANCELLATION || !Number.isFinite(s.sum))
    return Number.NaN;
  return prefactor * s.sum;
}

/** The 1−z linear transformations (A&S 15.3.6, 15.3.10–15.3.11). */
function oneMinusZ(a: number, b: number, c: number, z: number): number {
  const d = c - a - b;
  const m = round(d);
  const w = 1 - z;
  const e = d - m;
  if (abs(e) < NEAR_INTEGER) {
    // 15.3.6 cancels catastrophically near an integer c−a−b. Take the exact logarithmic value at
    // e = 0 and the general formula at e = ±δ (cancellation only ~eps/δ there), and interpolate
    // quadratically in c: truncation O(|e|δ²), rounding ~1e-12.
    const f0 = m < 0 ? w ** m * integerCase(c - a, c - b, -m, w) : integerCase(a, b, m, w);
    if (e === 0) return f0;
    const c0 = a + b + m;
    const fp = generalCase(a, b, c0 + NEAR_INTEGER, w);
    const fm = generalCase(a, b, c0 - NEAR_INTEGER, w);
    const slope = (fp - fm) / (2 * NEAR_INTEGER);
    const curvature = (fp - 2 * f0 + fm) / (2 * NEAR_INTEGER * NEAR_INTEGER);
    return f0 + e * slope + e * e * curvature;
  }
  return generalCase(a, b, c, w);
}

/** A&S 15.3.6 with w = 1 − z, for non-integer d = c − a − b. */
function generalCase(a: number, b: number, c: number, w: number): number {
  const d = c - a - b;
  const s1 = seriesOrThrow(a, b, 1 - d, w);
  const s2 = seriesOrThrow(c - a, c - b, 1 + d, w);
  const t1 = gammaRatio([c, d], [c - a, c - b]) * s1;
  const t2 = gammaRatio([c, -d], [a, b]) * w ** d * s2;
  return t1 + t2;
}

function seriesOrThrow(a: number, b: number, c: number, w: number): number {
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return terminatingSum(a, b, c, w);
  const s = hyp2f1Series(a, b, c, w, SERIES_MAX_TERMS);
  if (!s.converged)
    throw new Error(`hyp2f1: series failed to converge (a=${a}, b=${b}, c=${c}, z=${w})`);
  return s.sum;
}

/**
 * ₂F₁(a, b; a+b+m; 1−w) for integer m ≥ 0, 0 < w ≤ 0.5:
 * Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)_n(b)_n/(n!(1−m)_n) wⁿ
 * − (−w)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σ_n (a+m)_n(b+m)_n/(n!(n+m)!) wⁿ
 *   [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)].
 */
function integerCase(a: number, b: number, m: number, w: number): number {
  const c = a + b + m;
  let finite = 0;
  if (m > 0) {
    let term = 1;
    let sum = 1;
    for (let n = 0; n < m - 1; n++) {
      term *= ((a + n) * (b + n) * w) / ((n + 1) * (1 - m + n));
      sum += term;
    }
    finite = gammaRatio([m, c], [a + m, b + m]) * sum;
  }
  // Coefficient Γ(c)/(Γ(a)Γ(b)) / m! in log space; the series term starts at 1.
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return finite;
  const logCoef = lgamma(c) - lgamma(a) - lgamma(b) - lgamma(m + 1);
  const signCoef = gammaSign(c) * gammaSign(a) * gammaSign(b);
  const lnw = log(w);
  let psi1 = digamma(1);
  let psi2 = digamma(m + 1);
  let psi3 = digamma(a + m);
  let psi4 = digamma(b + m);
  let term = 1;
  let sum = 0;
  for (let n = 0; n < SERIES_MAX_TERMS; n++) {
    const bracket = lnw - psi1 - psi2 + psi3 + psi4;
    sum += term * bracket;
    // Bound by |term|, not the contribution: the bracket may cross zero at some n.
    const scale = abs(term) * (abs(bracket) + 1);
    if (n > abs(a) + abs(b) + m && scale <= EPS * abs(sum)) break;
    term *= ((a + m + n) * (b + m + n) * w) / ((n + 1) * (n + m + 1));
    psi1 += 1 / (n + 1);
    psi2 += 1 / (n + m + 1);
    psi3 += 1 / (a + m + n);
    psi4 += 1 / (b + m + n);
  }
  const sign = m % 2 === 0 ? 1 : -1; // (−w)^m = (−1)^m w^m
  return finite - sign * signCoef * exp(logCoef) * w ** m * sum;
}
