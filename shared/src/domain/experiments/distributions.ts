/**
 * Student t and chi-squared distributions through the regularized incomplete beta and gamma
 * functions (continued fractions, modified Lentz). Exact tails rather than normal
 * approximations: Welch degrees of freedom are often small for skewed revenue, and SRM alarms
 * live far out in the chi-squared tail.
 */
import { lgamma } from '../analytics/special';

const { abs, exp, log, log1p, sqrt, PI } = Math;
const EPS = 1e-16;
const TINY = 1e-300;
// Convergence takes O(√max(a, b)) steps; this bound only stops a runaway on absurd inputs.
const MAX_ITER = 100_000;

const logBeta = (a: number, b: number) => lgamma(a) + lgamma(b) - lgamma(a + b);

/** Lentz evaluation of the continued fraction for I_x(a, b); converges fast for x < (a+1)/(a+b+2). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (abs(step - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b). `y` is 1 − x, passed separately by callers that know
 * it exactly (t tails near 0 would otherwise lose every digit to the subtraction).
 */
export function regularizedBeta(a: number, b: number, x: number, y = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(y) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = exp(a * log(x) + b * log(y) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, y)) / b;
}

/** P(T > t) for Student's t with `df` degrees of freedom (df > 0, not necessarily integer). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const half = 0.5 * studentTTwoSided(t, df);
  return t > 0 ? half : 1 - half;
}

/** P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** P(|T| ≥ |t|), computed directly so small p-values keep their relative precision. */
export function studentTTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

/** Density of Student's t. */
export function studentTPdf(t: number, df: number): number {
  const logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * PI);
  return exp(logNorm - ((df + 1) / 2) * log1p((t * t) / df));
}

/**
 * Quantile of Student's t: the t with P(T ≤ t) = p. Newton on the tail probability from a
 * Cornish–Fisher start, kept inside a bisection bracket so heavy tails (df ≈ 1) cannot make it
 * overshoot.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || !(df > 0) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const tail = p < 0.5 ? p : 1 - p;
  // Solve P(T > t) = tail for t > 0, then mirror.
  const z = -normalQuantile(tail);
  let t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  if (!(t > 0) || !Number.isFinite(t)) t = z;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    const f = studentTSf(t, df) - tail;
    if (f > 0) lo = t;
    else hi = t;
    if (f === 0) break;
    let next = t + f / studentTPdf(t, df);
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? (lo + hi) / 2 : 2 * t + 1;
    if (abs(next - t) <= 1e-15 * t) {
      t = next;
      break;
    }
    t = next;
  }
  return p < 0.5 ? -t : t;
}

/**
 * Standard normal quantile (Acklam's rational approximation, ~1e-9 relative). Only a starting
 * point for the t quantile, which is then solved exactly.
 */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((s, v) => s * x + v, 0);
  if (p < 0.02425) {
    const q = sqrt(-2 * log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(x) || !(a > 0)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const front = exp(-x + a * log(x) - lgamma(a));
  if (x < a + 1) {
    // Series for P(a, x); Q is not small here, so 1 − P keeps its precision.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (abs(term) < abs(sum) * EPS) break;
    }
    return 1 - sum * front;
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (abs(step - 1) < EPS) break;
  }
  return front * h;
}

/** P(X > x) for a chi-squared variable with k degrees of freedom. */
export function chiSquaredSf(x: number, k: number): number {
  return regularizedGammaQ(k / 2, x / 2);
}
