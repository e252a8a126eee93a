import type { ExpiryRule, LotTake, PointsLot, PointsReason } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

/**
 * One points (积分) ledger entry, append-only. `seq` numbers a member's entries 1, 2, 3…
 * without gaps: the entry with seq n is planned against the account at seq n − 1 and applied
 * by moving the account from n − 1 to n (see ledger.ts for why this is crash- and retry-safe).
 */
export interface PointsEntryDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  seq: number;
  delta: number;
  reason: PointsReason;
  reasonText: string;
  note: string | null;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  /** Credits: when the lot expires. Debits: null. */
  expiresAt: Date | null;
  /** Debits: the lots they consume (FIFO by expiry). */
  takes: LotTake[];
  /** Balance once this entry is applied. */
  balanceAfter: number;
  /** Points a debit wanted but the balance could not cover (refund reversals only). */
  shortfall: number;
  createdAt: Date;
}

/** The balance document: the ledger folded up to `seq`, changed by one conditional update. */
export interface PointsAccountDoc {
  _id: Types.ObjectId; // the member id
  seq: number;
  balance: number;
  lots: PointsLot[];
  /** Earliest lot expiry, so the nightly job finds due accounts by an index. */
  nextExpiry: Date | null;
}

export interface PointsSettingsDoc {
  _id: string;
  expiry: ExpiryRule;
  pointsPerYuan: number;
  updatedAt: Date | null;
}

const takeSchema = new Schema<LotTake>(
  { lot: Number, amount: Number, expiresAt: Date },
  { _id: false },
);
const lotSchema = new Schema<PointsLot>(
  { lot: Number, remaining: Number, expiresAt: Date },
  { _id: false },
);

const entrySchema = new Schema<PointsEntryDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    delta: { type: Number, required: true },
    reason: { type: String, required: true },
    reasonText: { type: String, required: true },
    note: { type: String, default: null },
    sourceType: { type: String, required: true },
    sourceId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    expiresAt: { type: Date, default: null },
    takes: { type: [takeSchema], default: [] },
    balanceAfter: { type: Number, required: true },
    shortfall: { type: Number, default: 0 },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'points_ledger' },
);
entrySchema.index({ idempotencyKey: 1 }, { unique: true });
// One entry per member and sequence number: the lock that serialises a member's writes.
entrySchema.index({ memberId: 1, seq: 1 }, { unique: true });

const accountSchema = new Schema<PointsAccountDoc>(
  {
    _id: Schema.Types.ObjectId,
    seq: { type: Number, required: true },
    balance: { type: Number, required: true },
    lots: { type: [lotSchema], default: [] },
    nextExpiry: { type: Date, default: null },
  },
  { collection: 'points_accounts', versionKey: false },
);
accountSchema.index({ nextExpiry: 1 });

const settingsSchema = new Schema<PointsSettingsDoc>(
  {
    _id: String,
    expiry: { type: Schema.Types.Mixed, required: true },
    pointsPerYuan: { type: Number, required: true },
    updatedAt: { type: Date, default: null },
  },
  { collection: 'points_settings', versionKey: false },
);

export const pointsModels = (conn: Connection) => ({
  Entry: conn.model<PointsEntryDoc>('PointsEntry', entrySchema),
  Account: conn.model<PointsAccountDoc>('PointsAccount', accountSchema),
  Settings: conn.model<PointsSettingsDoc>('PointsSettings', settingsSchema),
});
export type PointsModels = ReturnType<typeof pointsModels>;
