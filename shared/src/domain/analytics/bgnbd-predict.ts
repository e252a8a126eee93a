/**
 * BG/NBD predictions (Fader, Hardie & Lee 2005, eqs. 9–11):
 *
 *   P(alive | x, tx, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x))
 *   E[Y(t) | x, tx, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)]
 *                         · P(alive),   z = t/(α+T+t)
 *
 * The ₂F₁ above has c−a−b = a−1−r−x, very negative for frequent buyers, and its terms explode as
 * z → 1. Euler's transformation and the prefactor combine into
 *   1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z)
 * whose series has small upper and large lower parameters. Writing (a−1)_k = (a−1)(a)_(k−1) and
 * factoring (a−1) out of the bracket also removes the 0/0 at a = 1:
 *   bracket/(a−1) = −expm1((a−1)ℓ)/(a−1) − e^((a−1)ℓ) G(z),  ℓ = ln(1−z),
 *   G(z) = Σ_{k≥1} (a+b−1−r)_k (a)_(k−1) / ((a+b+x−1)_k k!) z^k.
 */
import type { BgNbdParams } from './bgnbd';
import { hyp2f1 } from './hyp2f1';
import { lgamma as lgammaSum } from './special';
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { abs, exp, expm1, log, log1p, max } = Math;

const EPS = 1e-15;
const MAX_TERMS = 20_000;

/** ln of the odds term a/(b+x−1)·((α+T)/(α+tx))^(r+x); −Infinity when x = 0. */
function deathOddsLog(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  return log(p.a) - log(p.b + x - 1) + (p.r + x) * (log(p.alpha + T) - log(p.alpha + tx));
}

/** P(customer still alive at T | x, tx, T). */
export function bgnbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  const lo = deathOddsLog(p, x, tx, T);
  return lo === Number.NEGATIVE_INFINITY ? 1 : 1 / (1 + exp(lo));
}

/** −expm1((a−1)ℓ)/(a−1), continuous at a = 1 (→ −ℓ). */
function expm1Ratio(am1: number, ell: number): number {
  const u = am1 * ell;
  return abs(u) < 1e-300 || am1 === 0 ? -ell : -expm1(u) / am1;
}

/**
 * (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)]: the expected purchases in the
 * next t of a customer who is alive, as a function of z = t/(α+T+t).
 */
export function bgnbdAliveExpectation(p: BgNbdParams, x: number, z: number): number {
  if (z <= 0) return 0;
  const { a, b, r } = p;
  const am1 = a - 1;
  const c = a + b + x - 1;
  const upper = a + b - 1 - r;
  const ell = log1p(-z);
  const g = seriesG(upper, a, c, z);
  if (Number.isFinite(g)) return c * (expm1Ratio(am1, ell) - exp(am1 * ell) * g);
  // Series too slow this close to z = 1: use the general ₂F₁ (a ≠ 1 needed; nudge if not).
  const am1Safe = abs(am1) < 1e-9 ? 1e-9 : am1;
  const bracket = 1 - exp(am1Safe * ell) * hyp2f1(upper, am1Safe, c, z);
  return (c * bracket) / am1Safe;
}

/** G(z) = Σ_{k≥1} (u)_k (a)_(k−1) / ((c)_k k!) z^k; NaN when the budget runs out. */
function seriesG(u: number, a: number, c: number, z: number): number {
  let term = (u * z) / c;
  let sum = term;
  if (term === 0) return 0;
  const guard = abs(u) + abs(a) + 2;
  for (let k = 1; k < MAX_TERMS; k++) {
    const ratio = ((u + k) * (a + k - 1) * z) / ((c + k) * (k + 1));
    term *= ratio;
    sum += term;
    const bound = max(abs(ratio), z);
    if (k > guard && bound < 1 && (abs(term) * bound) / (1 - bound) <= EPS * abs(sum)) return sum;
    if (term === 0) return sum;
  }
  return Number.NaN;
}

/** E[Y(t) | x, tx, T]: expected repeat purchases in (T, T+t]. */
export function bgnbdConditionalExpectedPurchases(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  if (t <= 0) return 0;
  const z = t / (p.alpha + T + t);
  return bgnbdAliveExpectation(p, x, z) * bgnbdProbabilityAlive(p, x, tx, T);
}

/** E[X(t)]: expected purchases in (0, t] by a customer drawn at random (from their first purchase). */
export function bgnbdExpectedPurchases(p: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  return bgnbdAliveExpectation(p, 0, t / (p.alpha + t));
}

/**
 * P(X(t) = n) for a randomly drawn customer (FHL 2005 eq. 8), used to check fitted models
 * against observed repeat-count histograms.
 */
export function bgnbdProbabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const lbeta = (u: number, v: number) => lgammaSum(u) + lgammaSum(v) - lgammaSum(u + v);
  const first =
    exp(lbeta(a, b + n) - lbeta(a, b) + lgammaSum(r + n) - lgammaSum(r) - lgammaSum(n + 1)) *
    (alpha / (alpha + t)) ** r *
    (t / (alpha + t)) ** n;
  if (n === 0) return first;
  let inner = 0;
  for (let j = 0; j < n; j++) {
    inner += exp(lgammaSum(r + j) - lgammaSum(r) - lgammaSum(j + 1)) * (t / (alpha + t)) ** j;
  }
  const second =
    exp(lbeta(a + 1, b + n - 1) - lbeta(a, b)) * (1 - (alpha / (alpha + t)) ** r * inner);
  return first + second;
}
