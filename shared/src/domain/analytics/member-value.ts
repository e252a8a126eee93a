/**
 * App-level value figures for a member, from their statistics state and a fitted model whose
 * Gamma-Gamma part was fitted on fen. Money out is integer fen.
 */
import { type ClvOptions, predictCustomerValue, type ValueModel } from './clv';
import { type MemberStatsState, memberRepeatSummary } from './member-stats';

export interface MemberValue {
  pAlive: number;
  expectedPurchases30d: number;
  expectedPurchases90d: number;
  expectedPurchases365d: number;
  expectedSpendFen: number;
  clv12mFen: number;
}

/** Predictions as of a day; null for a member with no purchase up to that day. */
export function predictMemberValue(
  state: MemberStatsState,
  asOfDay: number,
  model: ValueModel,
  options: ClvOptions = {},
): MemberValue | null {
  const s = memberRepeatSummary(state, asOfDay, model.unitDays);
  if (!s) return null;
  const v = predictCustomerValue(
    model,
    { x: s.x, tx: s.tx, T: s.T, zbar: s.zbarFen },
    [30, 90, 365],
    options,
  );
  return {
    pAlive: v.pAlive,
    expectedPurchases30d: v.expectedPurchases[0],
    expectedPurchases90d: v.expectedPurchases[1],
    expectedPurchases365d: v.expectedPurchases[2],
    expectedSpendFen: Math.round(v.expectedSpend),
    clv12mFen: Math.round(v.clv),
  };
}

/** Model inputs (columns) for fitting on a set of members as of a day; members without purchases are skipped. */
export function memberModelColumns(
  states: Iterable<MemberStatsState>,
  asOfDay: number,
  unitDays: number,
): { x: Float64Array; tx: Float64Array; T: Float64Array; zbar: Float64Array } {
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const zbar: number[] = [];
  for (const state of states) {
    const s = memberRepeatSummary(state, asOfDay, unitDays);
    if (!s) continue;
    x.push(s.x);
    tx.push(s.tx);
    T.push(s.T);
    zbar.push(s.zbarFen);
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    zbar: Float64Array.from(zbar),
  };
}
