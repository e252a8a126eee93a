import { type OutboxEntry, outboxField } from '../../platform/events';
import { type Connection, Schema, type Types } from 'mongoose';

export type PayKind = 'topup' | 'membership';
export type PayStatus = 'pending' | 'paid' | 'closed' | 'refunded';
export type RefundState = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export interface PayOrderDoc {
  _id: Types.ObjectId;
  outTradeNo: string;
  memberId: Types.ObjectId;
  openid: string;
  kind: PayKind;
  planCode: string;
  description: string;
  /** Fen, from the server-side plan. */
  amount: number;
  status: PayStatus;
  transactionId: string | null;
  paidAt: Date | null;
  /** Set once the wallet credit or membership period exists (both idempotent by outTradeNo). */
  appliedAt: Date | null;
  /** Fen refunded or being refunded; a conditional $inc keeps it ≤ amount. */
  refunded: number;
  /** Refunds already counted in `refunded` (the $inc is conditional on absence here). */
  refundNos: string[];
  expiresAt: Date;
  /** wallet.topped_up events not yet relayed (see platform/events.ts). */
  outbox?: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PayRefundDoc {
  _id: Types.ObjectId;
  outRefundNo: string;
  outTradeNo: string;
  memberId: Types.ObjectId;
  kind: PayKind;
  /** Null until the stored value or the unused days were taken back and the amount fixed. */
  amount: number | null;
  walletPrincipal: number;
  walletBonusForfeited: number;
  status: RefundState;
  /** Set once a CLOSED refund gave back what it took (stored value, refunded amount). */
  revertedAt: Date | null;
  /** WeChat Pay's refund_id, once it accepted the refund (apply-abnormal-refund needs it). */
  refundId?: string | null;
  /** The last refusal WeChat Pay gave (429 FREQUENCY_LIMITED, 403 NOT_ENOUGH, 5xx …). */
  lastError?: string | null;
  reason: string;
  by: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MembershipPeriodDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  outTradeNo: string;
  planCode: string;
  startsAt: Date;
  endsAt: Date;
  /** Set when a refund cut the period short. */
  endedEarlyAt: Date | null;
  createdAt: Date;
}

const orderSchema = new Schema<PayOrderDoc>(
  {
    outTradeNo: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    openid: { type: String, required: true },
    kind: { type: String, enum: ['topup', 'membership'], required: true },
    planCode: { type: String, required: true },
    description: { type: String, required: true },
    amount: { type: Number, required: true },
    status: {
      type: String,
      enum: ['pending', 'paid', 'closed', 'refunded'],
      default: 'pending',
    },
    transactionId: { type: String, default: null },
    paidAt: { type: Date, default: null },
    appliedAt: { type: Date, default: null },
    refunded: { type: Number, default: 0 },
    refundNos: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    outbox: outboxField,
  },
  { timestamps: true, collection: 'pay_orders' },
);
orderSchema.index({ 'outbox.at': 1 });
orderSchema.index({ outTradeNo: 1 }, { unique: true });
orderSchema.index({ memberId: 1, createdAt: -1 });
orderSchema.index({ status: 1, createdAt: 1 });

const refundSchema = new Schema<PayRefundDoc>(
  {
    outRefundNo: { type: String, required: true },
    outTradeNo: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['topup', 'membership'], required: true },
    amount: { type: Number, default: null },
    walletPrincipal: { type: Number, default: 0 },
    walletBonusForfeited: { type: Number, default: 0 },
    status: {
      type: String,
      enum: ['PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL'],
      default: 'PROCESSING',
    },
    revertedAt: { type: Date, default: null },
    refundId: { type: String, default: null },
    lastError: { type: String, default: null },
    reason: { type: String, required: true },
    by: { type: String, required: true },
  },
  { timestamps: true, collection: 'pay_refunds' },
);
refundSchema.index({ outRefundNo: 1 }, { unique: true });
refundSchema.index({ outTradeNo: 1 });
refundSchema.index({ status: 1, createdAt: 1 });

const periodSchema = new Schema<MembershipPeriodDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    outTradeNo: { type: String, required: true },
    planCode: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    endedEarlyAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'membership_periods' },
);
// One period per paid order: applying a payment twice cannot add a second period.
periodSchema.index({ outTradeNo: 1 }, { unique: true });
periodSchema.index({ memberId: 1, endsAt: -1 });

export const payModels = (conn: Connection) => ({
  PayOrder: conn.model<PayOrderDoc>('PayOrder', orderSchema),
  PayRefund: conn.model<PayRefundDoc>('PayRefund', refundSchema),
  MembershipPeriod: conn.model<MembershipPeriodDoc>('MembershipPeriod', periodSchema),
});
export type PayModels = ReturnType<typeof payModels>;
