import type { CouponTerms, PerkKind, PerkPeriod } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export interface PerkDoc {
  _id: string;
  name: string;
  description: string;
  kind: PerkKind;
  imageUrl: string | null;
  tierCodes: string[];
  quota: { period: PerkPeriod; limit: number };
  validityDays: number;
  /** Circle-exclusive: only members of one of these circles (empty: no circle condition). */
  circleIds: string[];
  /** Shown locked to members outside the circles ("加入 X 圈层可解锁") instead of hidden. */
  showLocked: boolean;
  /** Content interest it speaks to; interested members see it first. */
  topic: string | null;
  /** Money terms of a coupon perk; null (or missing) for vouchers and other perks. */
  coupon?: CouponTerms | null;
  status: 'active' | 'archived';
  createdAt: Date;
  updatedAt: Date;
}

/** One claimed or issued perk; never deleted (usage metrics read them). */
export interface PerkInstanceDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  perkCode: string;
  /**
   * What makes this instance unique for its original owner: `claim:<perk>:<period>:<slot>` or
   * `issue:<idempotencyKey>`, prefixed with that member's id so a merge never collides.
   */
  key: string;
  source: 'claim' | 'issue';
  /** Quota period the instance counts in (`2026-11`, `2026`, `life`). */
  periodKey: string;
  /** The member's tier when it was claimed: metrics attribute usage to it. */
  tierCode: string;
  redemptionCode: string;
  sourceType: string | null;
  sourceId: string | null;
  claimedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: { kind: string; id: string; storeCode: string | null } | null;
  /** Set when the source that granted it ended early (a refunded paid membership). */
  revokedAt: Date | null;
  /** The perk's coupon terms when it was issued (snapshot; missing on older instances). */
  coupon?: CouponTerms | null;
  /** The order a money coupon was used on, set with `usedAt`. */
  usedOrder?: { orderNo: string | null; amount: number; discountFen: number } | null;
  /** Members whose instances a merge moved here (so a reverse merge moves them back). */
  mergedFrom: Types.ObjectId[];
}

const couponSchema = new Schema<CouponTerms>(
  {
    type: { type: String, enum: ['cash', 'discount'], required: true },
    value: { type: Number, required: true },
    thresholdFen: { type: Number, default: 0 },
    maxOffFen: { type: Number, default: null },
    categories: { type: [String], default: [] },
  },
  { _id: false },
);

const perkSchema = new Schema<PerkDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    description: { type: String, default: '' },
    kind: { type: String, required: true },
    imageUrl: { type: String, default: null },
    tierCodes: { type: [String], default: [] },
    quota: { period: String, limit: Number },
    validityDays: { type: Number, required: true },
    circleIds: { type: [String], default: [] },
    showLocked: { type: Boolean, default: false },
    topic: { type: String, default: null },
    coupon: { type: couponSchema, default: null },
    status: { type: String, enum: ['active', 'archived'], default: 'active' },
    // Set from the injected clock, not mongoose timestamps, so tests can move time.
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'perks', versionKey: false },
);

const usedBySchema = new Schema(
  { kind: String, id: String, storeCode: { type: String, default: null } },
  { _id: false },
);

const instanceSchema = new Schema<PerkInstanceDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    perkCode: { type: String, required: true },
    key: { type: String, required: true },
    source: { type: String, required: true },
    periodKey: { type: String, required: true },
    tierCode: { type: String, required: true },
    redemptionCode: { type: String, required: true },
    sourceType: { type: String, default: null },
    sourceId: { type: String, default: null },
    claimedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: usedBySchema, default: null },
    revokedAt: { type: Date, default: null },
    coupon: { type: couponSchema, default: null },
    usedOrder: {
      type: new Schema(
        { orderNo: { type: String, default: null }, amount: Number, discountFen: Number },
        { _id: false },
      ),
      default: null,
    },
    mergedFrom: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'perk_instances', versionKey: false },
);
// The claim/issue key under a unique index is what makes claims and issues idempotent.
instanceSchema.index({ memberId: 1, key: 1 }, { unique: true });
instanceSchema.index({ redemptionCode: 1 }, { unique: true });
instanceSchema.index({ memberId: 1, perkCode: 1, periodKey: 1 });
instanceSchema.index({ perkCode: 1, tierCode: 1 });
instanceSchema.index({ sourceType: 1, sourceId: 1 });

export const perkModels = (conn: Connection) => ({
  Perk: conn.model<PerkDoc>('Perk', perkSchema),
  PerkInstance: conn.model<PerkInstanceDoc>('PerkInstance', instanceSchema),
});
export type PerkModels = ReturnType<typeof perkModels>;
