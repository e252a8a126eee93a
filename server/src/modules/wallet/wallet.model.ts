import type { WalletReason } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

/**
 * One wallet (储值) ledger entry, append-only. Like the points ledger, `seq` numbers a
 * member's entries 1, 2, 3… without gaps: entry n is planned against the account at n − 1
 * and applied by moving the account from n − 1 to n (see ledger.ts).
 */
export interface WalletEntryDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  seq: number;
  reason: WalletReason;
  reasonText: string;
  principalDelta: number;
  bonusDelta: number;
  delta: number;
  principalAfter: number;
  bonusAfter: number;
  balanceAfter: number;
  note: string | null;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  /** Hash of the request that wrote it, so a replay with a different body is refused. */
  requestHash: string | null;
  /** Top-up refunds: the idempotency key of the top-up they refund. */
  refOf: string | null;
  createdAt: Date;
}

/** The balance document: the ledger folded up to `seq`, changed by one conditional update. */
export interface WalletAccountDoc {
  _id: Types.ObjectId; // the member id
  seq: number;
  principal: number;
  bonus: number;
  balance: number;
}

export interface ChargeRefundDoc {
  key: string;
  refundNo: string;
  amount: number;
  principal: number;
  bonus: number;
  reason: string;
  at: Date;
}

/**
 * A charge (储值消费) with what it took from each bucket and what its refunds gave back; the
 * refunded totals move with one conditional update so refunds can never exceed the charge.
 */
export interface ChargeDoc {
  _id: Types.ObjectId;
  /** The idempotency key of the charge's ledger entry. */
  key: string;
  chargeNo: string;
  memberId: Types.ObjectId;
  amount: number;
  principal: number;
  bonus: number;
  refundedPrincipal: number;
  refundedBonus: number;
  refunds: ChargeRefundDoc[];
  storeCode: string | null;
  orderNo: string | null;
  mergedFrom: Types.ObjectId[];
  createdAt: Date;
}

export interface WalletRuleDoc {
  _id: Types.ObjectId;
  threshold: number;
  bonus: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const entrySchema = new Schema<WalletEntryDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    reason: { type: String, required: true },
    reasonText: { type: String, required: true },
    principalDelta: { type: Number, required: true },
    bonusDelta: { type: Number, required: true },
    delta: { type: Number, required: true },
    principalAfter: { type: Number, required: true },
    bonusAfter: { type: Number, required: true },
    balanceAfter: { type: Number, required: true },
    note: { type: String, default: null },
    sourceType: { type: String, required: true },
    sourceId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    requestHash: { type: String, default: null },
    refOf: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'wallet_ledger' },
);
entrySchema.index({ idempotencyKey: 1 }, { unique: true });
// One entry per member and sequence number: the lock that serialises a member's writes.
entrySchema.index({ memberId: 1, seq: 1 }, { unique: true });
// Top-ups are found by their source (a pay order's out_trade_no), refunds by what they refund.
entrySchema.index({ sourceId: 1 });
entrySchema.index({ refOf: 1 });

const accountSchema = new Schema<WalletAccountDoc>(
  {
    _id: Schema.Types.ObjectId,
    seq: { type: Number, required: true },
    principal: { type: Number, required: true },
    bonus: { type: Number, required: true },
    balance: { type: Number, required: true },
  },
  { collection: 'wallet_accounts', versionKey: false },
);

const chargeSchema = new Schema<ChargeDoc>(
  {
    key: { type: String, required: true },
    chargeNo: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    amount: { type: Number, required: true },
    principal: { type: Number, required: true },
    bonus: { type: Number, required: true },
    refundedPrincipal: { type: Number, default: 0 },
    refundedBonus: { type: Number, default: 0 },
    refunds: [
      {
        _id: false,
        key: String,
        refundNo: String,
        amount: Number,
        principal: Number,
        bonus: Number,
        reason: String,
        at: Date,
      },
    ],
    storeCode: { type: String, default: null },
    orderNo: { type: String, default: null },
    mergedFrom: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'wallet_charges' },
);
chargeSchema.index({ key: 1 }, { unique: true });
chargeSchema.index({ memberId: 1 });

/**
 * A charge refused for the balance, kept under its idempotency key so a retry of the same
 * charge number gets the same refusal (the till must start a new charge, as with points).
 */
export interface ChargeRefusalDoc {
  key: string;
  requestHash: string;
  available: number;
  required: number;
  at: Date;
}

const refusalSchema = new Schema<ChargeRefusalDoc>(
  { key: String, requestHash: String, available: Number, required: Number, at: Date },
  { collection: 'wallet_charge_refusals', versionKey: false },
);
refusalSchema.index({ key: 1 }, { unique: true });

const ruleSchema = new Schema<WalletRuleDoc>(
  {
    threshold: { type: Number, required: true },
    bonus: { type: Number, required: true },
    active: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'wallet_rules' },
);
ruleSchema.index({ threshold: 1 }, { unique: true });

/** Marks that the default rule was seeded once, so deleting every rule sticks. */
const settingsSchema = new Schema<{ _id: string; rulesSeededAt: Date }>(
  { _id: String, rulesSeededAt: Date },
  { collection: 'wallet_settings', versionKey: false },
);

export const walletModels = (conn: Connection) => ({
  Entry: conn.model<WalletEntryDoc>('WalletEntry', entrySchema),
  Account: conn.model<WalletAccountDoc>('WalletAccount', accountSchema),
  Charge: conn.model<ChargeDoc>('WalletCharge', chargeSchema),
  ChargeRefusal: conn.model<ChargeRefusalDoc>('WalletChargeRefusal', refusalSchema),
  Rule: conn.model<WalletRuleDoc>('WalletRule', ruleSchema),
  Settings: conn.model<{ _id: string; rulesSeededAt: Date }>('WalletSettings', settingsSchema),
});
export type WalletModels = ReturnType<typeof walletModels>;
