import { type Connection, Schema, type Types } from 'mongoose';
import { type OutboxEntry, outboxField } from '../../platform/events';

export interface OrderItemDoc {
  sku: string;
  name: string;
  category: string;
  quantity: number;
  unitPrice: number;
}

export interface RefundDoc {
  refundNo: string;
  amount: number;
  reason: string;
  growthReversed: number;
  at: Date;
}

export interface OrderDoc {
  _id: Types.ObjectId;
  orderNo: string;
  memberId: Types.ObjectId;
  channel: string;
  storeCode: string | null;
  consultantUserId: string | null;
  paidAt: Date;
  amount: number;
  /** amount − refunds; refunds decrement it with a conditional update so it never goes below 0. */
  refundable: number;
  items: OrderItemDoc[];
  /** Hash of the canonical request body: a replay with a different body is a 409. */
  bodyHash: string;
  refunds: RefundDoc[];
  /** Members the order was moved from by OneID merges (so a merge can be undone). */
  mergedFrom: Types.ObjectId[];
  /** order.paid / order.refunded events not yet relayed (see platform/events.ts). */
  outbox?: OutboxEntry[];
  createdAt: Date;
}

const schema = new Schema<OrderDoc>(
  {
    orderNo: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    channel: String,
    storeCode: { type: String, default: null },
    consultantUserId: { type: String, default: null },
    paidAt: { type: Date, required: true },
    amount: { type: Number, required: true },
    refundable: { type: Number, required: true },
    items: [
      {
        _id: false,
        sku: String,
        name: String,
        category: String,
        quantity: Number,
        unitPrice: Number,
      },
    ],
    bodyHash: { type: String, required: true },
    refunds: [
      {
        _id: false,
        refundNo: String,
        amount: Number,
        reason: String,
        growthReversed: Number,
        at: Date,
      },
    ],
    mergedFrom: { type: [Schema.Types.ObjectId], default: [] },
    outbox: outboxField,
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'orders' },
);
schema.index({ orderNo: 1 }, { unique: true });
schema.index({ memberId: 1, paidAt: -1 });
// Windowed scans (the circles' spend and category fields over the last N days).
schema.index({ paidAt: 1 });
schema.index({ 'refunds.refundNo': 1 });
// The outbox sweeper looks for entries a crash left behind.
schema.index({ 'outbox.at': 1 });

export const orderModels = (conn: Connection) => ({ Order: conn.model<OrderDoc>('Order', schema) });
