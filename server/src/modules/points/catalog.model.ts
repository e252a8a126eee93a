import type { RedeemItemView } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

type Kind = RedeemItemView['kind'];

/** One redemption catalogue item (积分商城). `stock` null = unlimited. */
export interface RedeemItemDoc {
  _id: Types.ObjectId;
  itemCode: string;
  name: string;
  description: string;
  kind: Kind;
  cost: number;
  stock: number | null;
  perkCode: string | null;
  imageUrl: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A member's redemption, written before any effect (intent) and moved to done or failed, so a
 * retry with the same key resumes it or gets the first answer.
 */
export interface RedemptionDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  /** `${memberId}:${client idempotency key}`: keys are the member's, not global. */
  key: string;
  itemCode: string;
  itemName: string;
  kind: Kind;
  cost: number;
  perkCode: string | null;
  status: 'pending' | 'done' | 'failed';
  /** Set once the item's stock was decremented (so an undo returns exactly one unit). */
  stockTaken: boolean;
  code: string | null;
  perkRedemptionCode: string | null;
  balance: number | null;
  error: { code: string; message: string; details?: unknown } | null;
  createdAt: Date;
}

const itemSchema = new Schema<RedeemItemDoc>(
  {
    itemCode: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    kind: { type: String, required: true },
    cost: { type: Number, required: true },
    stock: { type: Number, default: null },
    perkCode: { type: String, default: null },
    imageUrl: { type: String, default: null },
    active: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'points_items' },
);
itemSchema.index({ itemCode: 1 }, { unique: true });

const redemptionSchema = new Schema<RedemptionDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    kind: { type: String, required: true },
    cost: { type: Number, required: true },
    perkCode: { type: String, default: null },
    status: { type: String, default: 'pending' },
    stockTaken: { type: Boolean, default: false },
    code: { type: String, default: null },
    perkRedemptionCode: { type: String, default: null },
    balance: { type: Number, default: null },
    error: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'points_redemptions' },
);
redemptionSchema.index({ key: 1 }, { unique: true });
redemptionSchema.index({ memberId: 1, createdAt: -1 });

export const catalogModels = (conn: Connection) => ({
  Item: conn.model<RedeemItemDoc>('PointsItem', itemSchema),
  Redemption: conn.model<RedemptionDoc>('PointsRedemption', redemptionSchema),
});
export type CatalogModels = ReturnType<typeof catalogModels>;
