import { type Connection, Schema, type Types } from 'mongoose';

export type GrowthReason =
  | 'order'
  | 'refund'
  | 'merge_in'
  | 'merge_out'
  | 'task'
  | 'event'
  | 'admin';

/** Append-only growth (成长值) ledger; corrections are reversing entries. */
export interface GrowthEntryDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  delta: number;
  reason: GrowthReason;
  sourceType: string;
  sourceId: string;
  /** When the growth counts for the rolling window (the order's paid time, kept by reversals). */
  earnedAt: Date;
  idempotencyKey: string;
  createdAt: Date;
}

const schema = new Schema<GrowthEntryDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    delta: { type: Number, required: true },
    reason: { type: String, required: true },
    sourceType: { type: String, required: true },
    sourceId: { type: String, required: true },
    earnedAt: { type: Date, required: true },
    idempotencyKey: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'growth_ledger' },
);
schema.index({ idempotencyKey: 1 }, { unique: true });
schema.index({ memberId: 1, earnedAt: 1 });

export const growthModels = (conn: Connection) => ({
  GrowthEntry: conn.model<GrowthEntryDoc>('GrowthEntry', schema),
});
