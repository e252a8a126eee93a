import { type Connection, Schema, type Types } from 'mongoose';

export type RunPhase = 'stats' | 'score' | 'alerts' | 'done';

export interface FittedModelDoc {
  bgnbd: { r: number; alpha: number; a: number; b: number };
  gammaGamma: { p: number; q: number; v: number };
  unitDays: number;
  /** Buyers the model was fitted on; 0 when carried over from an earlier run. */
  fittedOn: number;
}

/** One nightly run; `_id` is the scoring day (YYYY-MM-DD), so a rerun of a day is the same run. */
export interface ValueRunDoc {
  _id: string;
  asOfDay: number;
  phase: RunPhase;
  startedAt: Date;
  finishedAt: Date | null;
  /** The last finished run before this one (for migration and slide warnings). */
  previousRunId: string | null;
  model: FittedModelDoc | null;
  scored: number;
  alertsRaised: number;
}

/** Per-member purchase statistics as of a run (MemberStatsState plus the member's tier). */
export interface ValueStatsDoc {
  _id: Types.ObjectId;
  runId: string;
  tierCode: string;
  daily: number[];
}

export interface ValueSnapshotDoc {
  _id: Types.ObjectId;
  runId: string;
  asOfDay: number;
  memberId: Types.ObjectId;
  tierCode: string;
  segment: string;
  rScore: number;
  fScore: number;
  mScore: number;
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
  firstPurchaseDay: number;
  lastPurchaseDay: number;
  purchaseDays: number;
  /** Null when no model could be fitted yet (too few buyers). */
  pAlive: number | null;
  expectedPurchases30d: number | null;
  expectedPurchases90d: number | null;
  expectedPurchases365d: number | null;
  expectedSpendFen: number | null;
  clv12mFen: number | null;
  /** Effective shares + 3 × invites + 2 × attendances over the influence window (圈层影响力). */
  influenceScore: number;
}

const runSchema = new Schema<ValueRunDoc>(
  {
    _id: String,
    asOfDay: Number,
    phase: String,
    startedAt: Date,
    finishedAt: { type: Date, default: null },
    previousRunId: { type: String, default: null },
    model: { type: Schema.Types.Mixed, default: null },
    scored: { type: Number, default: 0 },
    alertsRaised: { type: Number, default: 0 },
  },
  { collection: 'value_runs', versionKey: false },
);
runSchema.index({ phase: 1, asOfDay: -1 });

const statsSchema = new Schema<ValueStatsDoc>(
  { _id: Schema.Types.ObjectId, runId: String, tierCode: String, daily: [Number] },
  { collection: 'value_member_stats', versionKey: false },
);
statsSchema.index({ runId: 1, _id: 1 });

const snapshotSchema = new Schema<ValueSnapshotDoc>(
  {
    runId: { type: String, required: true },
    asOfDay: Number,
    memberId: { type: Schema.Types.ObjectId, required: true },
    tierCode: String,
    segment: String,
    rScore: Number,
    fScore: Number,
    mScore: Number,
    recencyDays: Number,
    frequency: Number,
    monetaryFen: Number,
    firstPurchaseDay: Number,
    lastPurchaseDay: Number,
    purchaseDays: Number,
    pAlive: { type: Number, default: null },
    expectedPurchases30d: { type: Number, default: null },
    expectedPurchases90d: { type: Number, default: null },
    expectedPurchases365d: { type: Number, default: null },
    expectedSpendFen: { type: Number, default: null },
    clv12mFen: { type: Number, default: null },
    influenceScore: { type: Number, default: 0 },
  },
  { collection: 'value_member_snapshots', versionKey: false },
);
// One snapshot per member per run: reruns upsert instead of duplicating.
snapshotSchema.index({ runId: 1, memberId: 1 }, { unique: true });
snapshotSchema.index({ memberId: 1, asOfDay: -1 });

export function valueModels(conn: Connection) {
  return {
    Run: conn.model<ValueRunDoc>('ValueRun', runSchema),
    Stats: conn.model<ValueStatsDoc>('ValueStats', statsSchema),
    Snapshot: conn.model<ValueSnapshotDoc>('ValueSnapshot', snapshotSchema),
  };
}
export type ValueModels = ReturnType<typeof valueModels>;
