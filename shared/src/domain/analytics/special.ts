/**
 * Special functions for the value engine: log-gamma (with sign), digamma, Pochhammer ratios.
 * Pure numerics, double precision; accuracy ~1e-14 relative over the ranges the models use.
 */
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { abs, exp, floor, log, log1p, sin, tan } = Math;

// Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients): ~15 significant digits for x ≥ 0.5.
const LANCZOS_G = 7;
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.9189385332046728;

/** True when x is 0, -1, -2, … (a pole of Γ). */
export function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/**
 * ln|Γ(x)|. Poles (x = 0, -1, -2, …) give +Infinity. Uses the reflection formula below 0.5 so
 * negative non-integer arguments (needed by the 1−z transform of ₂F₁) stay accurate.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (isNonPositiveInteger(x)) return Number.POSITIVE_INFINITY;
  if (x < 0.5) {
    // Γ(x)Γ(1−x) = π / sin(πx); sinPi keeps precision for large |x|.
    return log(Math.PI / abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x > 1e15) return (x - 0.5) * log(x) - x + HALF_LOG_2PI;
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (y + 0.5) * log(t) - t + log(sum);
}

/** Sign of Γ(x): +1 for x > 0, alternating between the poles for x < 0; NaN at a pole. */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (isNonPositiveInteger(x) || Number.isNaN(x)) return Number.NaN;
  return floor(x) % 2 === 0 ? 1 : -1;
}

/** Γ(x) itself (overflows to ±Infinity beyond x ≈ 171). */
export function gamma(x: number): number {
  if (isNonPositiveInteger(x)) return Number.NaN;
  return gammaSign(x) * exp(lgamma(x));
}

/** sin(πx) with exact zeros at integers and argument reduction before multiplying by π. */
export function sinPi(x: number): number {
  const r = x - 2 * floor(x / 2); // r in [0, 2)
  if (Number.isInteger(r)) return 0;
  return sin(Math.PI * (r > 1 ? r - 2 : r));
}

/** ψ(x) = d/dx ln Γ(x). Recurrence up to x ≥ 10, then the asymptotic series; reflection below 0. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || isNonPositiveInteger(x)) return Number.NaN;
  if (x < 0) {
    // ψ(1−x) − ψ(x) = π cot(πx)
    return digamma(1 - x) - Math.PI / tan(Math.PI * (x - floor(x)));
  }
  let acc = 0;
  let y = x;
  while (y < 10) {
    acc -= 1 / y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  // Bernoulli-number coefficients B2k/(2k): 1/12, 1/120, 1/252, 1/240, 1/132, 691/32760, 1/12
  const tail =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 -
          inv2 *
            (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return acc + log(y) - 0.5 * inv - tail;
}

/**
 * ln Γ(x + n) − ln Γ(x) for integer n ≥ 0 (log of the rising factorial). Sums logs for small n,
 * which is both faster and more accurate than differencing two large log-gammas.
 */
export function logPochhammer(x: number, n: number): number {
  if (n < 32) {
    let s = 0;
    for (let k = 0; k < n; k++) s += log(x + k);
    return s;
  }
  return lgamma(x + n) - lgamma(x);
}

/**
 * Product of Γ(numerators) / product of Γ(denominators) computed through logs with signs, so
 * large arguments don't overflow. A pole in a denominator makes the ratio 0 (1/Γ is entire).
 */
export function gammaRatio(numerators: readonly number[], denominators: readonly number[]): number {
  let logAbs = 0;
  let sign = 1;
  for (const d of denominators) {
    if (isNonPositiveInteger(d)) return 0;
    logAbs -= lgamma(d);
    sign *= gammaSign(d);
  }
  for (const n of numerators) {
    if (isNonPositiveInteger(n)) return Number.POSITIVE_INFINITY;
    logAbs += lgamma(n);
    sign *= gammaSign(n);
  }
  return sign * exp(logAbs);
}

/** log(exp(u) + exp(v)) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  return u > v ? u + log1p(exp(v - u)) : v + log1p(exp(u - v));
}
