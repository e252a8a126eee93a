import type { TierChangeReason, TierDef } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export interface TierConfigDoc {
  _id: string;
  tiers: TierDef[];
  growthPerYuan: number;
  updatedAt: Date;
  /**
   * `updatedAt` of the ladder the tier job has last re-evaluated every member with; a saved
   * ladder whose `updatedAt` differs is still to be applied (null or missing: never applied).
   */
  appliedVersion?: Date | null;
}

/** Append-only record of every tier change (from, to, reason, at). */
export interface TierChangeDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  /** The member's tierVersion after this change; unique per member, so a retry can't duplicate. */
  version: number;
  from: string | null;
  to: string;
  reason: TierChangeReason | 'initial';
  note: string | null;
  by: string | null;
  at: Date;
}

const tierSchema = new Schema<TierDef>(
  {
    code: String,
    name: String,
    rank: Number,
    color: String,
    upgradeGrowth: Number,
    retainGrowth: Number,
    pointsMultiplier: Number,
  },
  { _id: false },
);

const configSchema = new Schema<TierConfigDoc>(
  {
    _id: String,
    tiers: [tierSchema],
    growthPerYuan: Number,
    updatedAt: Date,
    appliedVersion: { type: Date, default: null },
  },
  { collection: 'tier_config', versionKey: false },
);

const changeSchema = new Schema<TierChangeDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    reason: { type: String, required: true },
    note: { type: String, default: null },
    by: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'tier_changes', versionKey: false },
);
changeSchema.index({ memberId: 1, version: 1 }, { unique: true });
changeSchema.index({ at: -1 });

export const tierModels = (conn: Connection) => ({
  TierConfig: conn.model<TierConfigDoc>('TierConfig', configSchema),
  TierChange: conn.model<TierChangeDoc>('TierChange', changeSchema),
});
