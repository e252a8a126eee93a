/**
 * Population scoring for one run: RFM scores and segments, the BG/NBD + Gamma-Gamma fit and
 * per-member predictions. Pure (no I/O): the job loads the statistics and stores the rows, so a
 * resumed run recomputes exactly the same figures from the same statistics.
 */
import {
  fitBgNbd,
  fitGammaGamma,
  type MemberStatsState,
  memberRepeatSummary,
  memberRfmInputs,
  predictValueColumns,
  RFM_SEGMENTS,
  scoreRfmColumns,
  summariseMemberStats,
  type ValueColumns,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { FittedModelDoc, ValueSnapshotDoc } from './value.model';

export interface ScoringSettings {
  windowDays: number;
  unitDays: number;
  /** Fit only with at least this many buyers and repeaters; otherwise reuse the last model. */
  minFitBuyers: number;
  minFitRepeaters: number;
}

export interface MemberStatsRow {
  memberId: Types.ObjectId;
  tierCode: string;
  state: MemberStatsState;
}

export type SnapshotRow = Omit<ValueSnapshotDoc, '_id' | 'runId'>;

export interface ScoredPopulation {
  rows: SnapshotRow[];
  model: FittedModelDoc | null;
}

export function scorePopulation(
  members: readonly MemberStatsRow[],
  asOfDay: number,
  settings: ScoringSettings,
  previousModel: FittedModelDoc | null,
  influence: ReadonlyMap<string, number> = new Map(),
): ScoredPopulation {
  const buyers: Array<{ row: MemberStatsRow; x: number; tx: number; T: number; zbar: number }> = [];
  const recency: number[] = [];
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (const row of members) {
    const rfm = memberRfmInputs(row.state, asOfDay, settings.windowDays);
    const repeat = memberRepeatSummary(row.state, asOfDay, settings.unitDays);
    if (rfm.recencyDays === null || !repeat) continue;
    buyers.push({ row, x: repeat.x, tx: repeat.tx, T: repeat.T, zbar: repeat.zbarFen });
    recency.push(rfm.recencyDays);
    frequency.push(rfm.frequency);
    monetary.push(rfm.monetaryFen);
  }
  const scores = scoreRfmColumns({ recencyDays: recency, frequency, monetary });
  let model = fitModel(buyers, settings) ?? previousModel;
  let predictions = model ? predict(model, buyers) : null;
  if (!predictions && previousModel && model !== previousModel) {
    model = previousModel;
    predictions = predict(model, buyers);
  }
  if (!predictions) model = null;
  const rows = buyers.map((b, i): SnapshotRow => {
    const s = summariseMemberStats(b.row.state, asOfDay);
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
    const money = (v: number | undefined) => {
      const f = finite(v);
      return f === null ? null : Math.round(f);
    };
    return {
      asOfDay,
      memberId: b.row.memberId,
      tierCode: b.row.tierCode,
      segment: RFM_SEGMENTS[scores.segment[i]!]!,
      rScore: scores.rScore[i]!,
      fScore: scores.fScore[i]!,
      mScore: scores.mScore[i]!,
      recencyDays: recency[i]!,
      frequency: frequency[i]!,
      monetaryFen: monetary[i]!,
      firstPurchaseDay: s.firstPurchaseDay ?? asOfDay,
      lastPurchaseDay: s.lastPurchaseDay ?? asOfDay,
      purchaseDays: s.purchaseDays,
      pAlive: finite(predictions?.pAlive[i]),
      expectedPurchases30d: finite(predictions?.expectedPurchases[0]?.[i]),
      expectedPurchases90d: finite(predictions?.expectedPurchases[1]?.[i]),
      expectedPurchases365d: finite(predictions?.expectedPurchases[2]?.[i]),
      expectedSpendFen: money(predictions?.expectedSpend[i]),
      clv12mFen: money(predictions?.clv[i]),
      influenceScore: influence.get(String(b.row.memberId)) ?? 0,
    };
  });
  return { rows, model };
}

/**
 * Predictions for everyone; a model whose ₂F₁ series cannot converge for some member (extreme
 * fits on small or very regular populations) yields no predictions rather than failing the run.
 */
function predict(
  model: FittedModelDoc,
  buyers: ReadonlyArray<{ x: number; tx: number; T: number; zbar: number }>,
): ValueColumns | null {
  try {
    return predictValueColumns(model, {
      x: buyers.map((b) => b.x),
      tx: buyers.map((b) => b.tx),
      T: buyers.map((b) => b.T),
      zbar: buyers.map((b) => b.zbar),
    });
  } catch {
    return null;
  }
}

/** BG/NBD parameters outside these bounds are a degenerate fit, not a description of buyers. */
const SANE = { min: 1e-4, maxShape: 1e3, maxScale: 1e5 };

function sane(p: { r: number; alpha: number; a: number; b: number }): boolean {
  const shapes = [p.r, p.a, p.b];
  return (
    shapes.every((v) => v >= SANE.min && v <= SANE.maxShape) &&
    p.alpha >= SANE.min &&
    p.alpha <= SANE.maxScale
  );
}

/** Null when the population is too small or the fit is unusable (q ≤ 1 means no finite mean spend). */
function fitModel(
  buyers: ReadonlyArray<{ x: number; tx: number; T: number; zbar: number }>,
  settings: ScoringSettings,
): FittedModelDoc | null {
  const repeaters = buyers.filter((b) => b.x > 0 && b.zbar > 0);
  if (buyers.length < settings.minFitBuyers || repeaters.length < settings.minFitRepeaters)
    return null;
  try {
    const bg = fitBgNbd({
      x: buyers.map((b) => b.x),
      tx: buyers.map((b) => b.tx),
      T: buyers.map((b) => b.T),
    });
    const gg = fitGammaGamma({
      x: repeaters.map((b) => b.x),
      zbar: repeaters.map((b) => b.zbar),
    });
    const all = [...Object.values(bg.params), ...Object.values(gg.params)];
    if (!all.every(Number.isFinite) || !(gg.params.q > 1) || !sane(bg.params)) return null;
    return {
      bgnbd: bg.params,
      gammaGamma: gg.params,
      unitDays: settings.unitDays,
      fittedOn: buyers.length,
    };
  } catch {
    return null;
  }
}
