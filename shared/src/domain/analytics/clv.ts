/**
 * Customer lifetime value from a fitted BG/NBD + Gamma-Gamma pair:
 *   CLV = Σ_{m=1..M} E[spend per purchase] · (E[Y(t_m)] − E[Y(t_(m−1))]) / (1 + d)^m
 * with t_m = m months, d the monthly discount rate (purchases of month m discounted at its end),
 * M = 12 by default. Money comes out in the unit the Gamma-Gamma model was fitted in.
 */
import type { BgNbdParams } from './bgnbd';
import { createBgNbdBatchPredictor } from './bgnbd-batch';
import { bgnbdConditionalExpectedPurchases, bgnbdProbabilityAlive } from './bgnbd-predict';
import { type GammaGammaParams, gammaGammaConditionalExpectedSpend } from './gamma-gamma';

export interface ValueModel {
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Days per model time unit the BG/NBD was fitted in (1 = days, 7 = weeks). */
  unitDays: number;
}

export interface ClvOptions {
  months?: number;
  /** Monthly discount rate, e.g. 0.01 ≈ 12.7% a year. */
  monthlyDiscountRate?: number;
  daysPerMonth?: number;
}

const DEFAULTS = { months: 12, monthlyDiscountRate: 0.01, daysPerMonth: 365.25 / 12 };

/** Inputs in model units (x repeat purchases, tx and T in units of unitDays; zbar in money). */
export interface CustomerInputs {
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** Discounted CLV of one customer over the next `months` months. */
export function discountedClv(
  model: ValueModel,
  c: CustomerInputs,
  options: ClvOptions = {},
): number {
  const { months, monthlyDiscountRate, daysPerMonth } = { ...DEFAULTS, ...options };
  const spend = gammaGammaConditionalExpectedSpend(model.gammaGamma, c.x, c.zbar);
  let previous = 0;
  let clv = 0;
  for (let m = 1; m <= months; m++) {
    const t = (m * daysPerMonth) / model.unitDays;
    const e = bgnbdConditionalExpectedPurchases(model.bgnbd, c.x, c.tx, c.T, t);
    clv += (spend * (e - previous)) / (1 + monthlyDiscountRate) ** m;
    previous = e;
  }
  return clv;
}

export interface CustomerValue {
  pAlive: number;
  /** Expected purchases in the next horizonDays[i] days. */
  expectedPurchases: number[];
  expectedSpend: number;
  clv: number;
}

/** One customer's full prediction (P(alive), expected purchases per horizon, spend, CLV). */
export function predictCustomerValue(
  model: ValueModel,
  c: CustomerInputs,
  horizonDays: readonly number[] = [30, 90, 365],
  options: ClvOptions = {},
): CustomerValue {
  return {
    pAlive: bgnbdProbabilityAlive(model.bgnbd, c.x, c.tx, c.T),
    expectedPurchases: horizonDays.map((d) =>
      bgnbdConditionalExpectedPurchases(model.bgnbd, c.x, c.tx, c.T, d / model.unitDays),
    ),
    expectedSpend: gammaGammaConditionalExpectedSpend(model.gammaGamma, c.x, c.zbar),
    clv: discountedClv(model, c, options),
  };
}

export interface CustomerColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  zbar: ArrayLike<number>;
}

export interface ValueColumns {
  pAlive: Float64Array;
  /** One column per horizon. */
  expectedPurchases: Float64Array[];
  expectedSpend: Float64Array;
  clv: Float64Array;
}

/** Vectorised predictCustomerValue for whole member bases (same figures, ~10× faster). */
export function predictValueColumns(
  model: ValueModel,
  cols: CustomerColumns,
  horizonDays: readonly number[] = [30, 90, 365],
  options: ClvOptions = {},
): ValueColumns {
  const { months, monthlyDiscountRate, daysPerMonth } = { ...DEFAULTS, ...options };
  const n = cols.x.length;
  const predictor = createBgNbdBatchPredictor(model.bgnbd);
  const horizons = horizonDays.map((d) => d / model.unitDays);
  const monthT = Array.from(
    { length: months },
    (_, m) => ((m + 1) * daysPerMonth) / model.unitDays,
  );
  const discount = monthT.map((_, m) => 1 / (1 + monthlyDiscountRate) ** (m + 1));
  const out: ValueColumns = {
    pAlive: new Float64Array(n),
    expectedPurchases: horizons.map(() => new Float64Array(n)),
    expectedSpend: new Float64Array(n),
    clv: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const x = cols.x[i];
    const T = cols.T[i];
    const pAlive = predictor.probabilityAlive(x, cols.tx[i], T);
    out.pAlive[i] = pAlive;
    for (let h = 0; h < horizons.length; h++) {
      out.expectedPurchases[h][i] = pAlive * predictor.aliveExpectation(x, T, horizons[h]);
    }
    const spend = gammaGammaConditionalExpectedSpend(model.gammaGamma, x, cols.zbar[i]);
    out.expectedSpend[i] = spend;
    let previous = 0;
    let clv = 0;
    for (let m = 0; m < months; m++) {
      const e = pAlive * predictor.aliveExpectation(x, T, monthT[m]);
      clv += (e - previous) * discount[m];
      previous = e;
    }
    out.clv[i] = spend * clv;
  }
  return out;
}
