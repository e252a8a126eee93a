/**
 * Fast BG/NBD expectations for whole member bases. Same mathematics as bgnbd-predict.ts, but the
 * series coefficients of G (which depend only on the parameters and x) are computed once per
 * distinct x and reused for every member and horizon, leaving one multiply-add per term.
 */
import type { BgNbdParams } from './bgnbd';
import { bgnbdAliveExpectation } from './bgnbd-predict';
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { abs, exp, expm1, log, log1p, max, min } = Math;

const EPS = 1e-15;
const MAX_TERMS = 20_000;

interface CoefficientTable {
  /** coef[k] multiplies z^(k+1). */
  coef: Float64Array;
  /** ratio[k] = coef[k+1] / coef[k] (without z). */
  ratio: Float64Array;
  length: number;
}

export interface BgNbdBatchPredictor {
  /** Expected purchases in the next t for a live customer with x repeats observed for T. */
  aliveExpectation(x: number, T: number, t: number): number;
  /** P(alive | x, tx, T). */
  probabilityAlive(x: number, tx: number, T: number): number;
}

export function createBgNbdBatchPredictor(p: BgNbdParams): BgNbdBatchPredictor {
  const { r, alpha, a, b } = p;
  const am1 = a - 1;
  const upper = a + b - 1 - r;
  const lnA = log(a);
  const tables = new Map<number, CoefficientTable>();

  const grow = (x: number, table: CoefficientTable | undefined, need: number): CoefficientTable => {
    const c = a + b + x - 1;
    const length = min(MAX_TERMS, max(64, need, (table?.length ?? 0) * 2));
    const coef = new Float64Array(length);
    const ratio = new Float64Array(length);
    let start = 0;
    if (table) {
      coef.set(table.coef.subarray(0, table.length));
      ratio.set(table.ratio.subarray(0, table.length));
      start = table.length;
    } else {
      coef[0] = upper / c;
    }
    for (let k = max(start - 1, 0); k < length; k++) {
      // Term k ↔ power k+1: ratio from (k+1) to (k+2) is (u+k+1)(a+k)/((c+k+1)(k+2)).
      ratio[k] = ((upper + k + 1) * (a + k)) / ((c + k + 1) * (k + 2));
      if (k + 1 < length) coef[k + 1] = coef[k] * ratio[k];
    }
    const next = { coef, ratio, length };
    tables.set(x, next);
    return next;
  };

  const seriesG = (x: number, z: number): number => {
    let table = tables.get(x) ?? grow(x, undefined, 64);
    const guard = abs(upper) + abs(a) + 2;
    let power = z;
    let sum = 0;
    for (let k = 0; ; k++) {
      if (k >= table.length) {
        if (table.length >= MAX_TERMS) return Number.NaN;
        table = grow(x, table, k + 1);
      }
      const term = table.coef[k] * power;
      sum += term;
      if (term === 0) return sum;
      const bound = max(abs(table.ratio[k]) * z, z);
      if (k > guard && bound < 1 && (abs(term) * bound) / (1 - bound) <= EPS * abs(sum)) return sum;
      power *= z;
    }
  };

  return {
    aliveExpectation(x: number, T: number, t: number): number {
      if (t <= 0) return 0;
      const z = t / (alpha + T + t);
      const g = seriesG(x, z);
      if (!Number.isFinite(g)) return bgnbdAliveExpectation(p, x, z);
      const ell = log1p(-z);
      const u = am1 * ell;
      const ratioTerm = am1 === 0 || abs(u) < 1e-300 ? -ell : -expm1(u) / am1;
      return (a + b + x - 1) * (ratioTerm - exp(u) * g);
    },
    probabilityAlive(x: number, tx: number, T: number): number {
      if (x <= 0) return 1;
      const lo = lnA - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx));
      return 1 / (1 + exp(lo));
    },
  };
}
