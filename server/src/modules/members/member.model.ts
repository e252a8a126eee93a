import { type OutboxEntry, outboxField } from '../../platform/events';
import { type Connection, Schema, type Types } from 'mongoose';

export type IdentityKind = 'openid' | 'unionid' | 'phone' | 'external_userid';

export interface TierOverrideDoc {
  code: string;
  until: Date;
  reason: string;
  by: string;
}

export interface MemberDoc {
  _id: Types.ObjectId;
  memberNo: string;
  nickname: string;
  avatarUrl: string | null;
  birthday: string | null;
  status: 'active' | 'merged';
  mergedInto: Types.ObjectId | null;
  source: string;
  /** Referral scene/code the member first arrived with. */
  firstScene: string | null;
  phoneHash: string | null;
  phoneEnc: string | null;
  tierCode: string;
  tierSince: Date;
  tierValidUntil: Date | null;
  tierOverride: TierOverrideDoc | null;
  /** Bumped on every tier change; tier-change records are keyed by it. */
  tierVersion: number;
  /** When the nightly job must look at this member next (evaluation or override end). */
  tierDueAt: Date | null;
  totalSpend: number;
  orderCount: number;
  /** tier.changed events not yet relayed (see platform/events.ts). */
  outbox?: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export interface IdentityDoc {
  _id: Types.ObjectId;
  kind: IdentityKind;
  /** openid / unionid / external_userid as given; phone as its lookup hash. */
  value: string;
  memberId: Types.ObjectId;
  createdAt: Date;
}

const overrideSchema = new Schema<TierOverrideDoc>(
  { code: String, until: Date, reason: String, by: String },
  { _id: false },
);

const memberSchema = new Schema<MemberDoc>(
  {
    memberNo: { type: String, required: true, unique: true },
    nickname: { type: String, default: '' },
    avatarUrl: { type: String, default: null },
    birthday: { type: String, default: null },
    status: { type: String, enum: ['active', 'merged'], default: 'active' },
    mergedInto: { type: Schema.Types.ObjectId, default: null },
    source: { type: String, default: 'weapp' },
    firstScene: { type: String, default: null },
    phoneHash: { type: String, default: null },
    phoneEnc: { type: String, default: null },
    tierCode: { type: String, required: true },
    tierSince: { type: Date, required: true },
    tierValidUntil: { type: Date, default: null },
    tierOverride: { type: overrideSchema, default: null },
    tierVersion: { type: Number, default: 0 },
    tierDueAt: { type: Date, default: null },
    totalSpend: { type: Number, default: 0 },
    orderCount: { type: Number, default: 0 },
    outbox: outboxField,
  },
  { timestamps: true, collection: 'members' },
);
// The outbox sweeper looks for events a crash left behind.
memberSchema.index({ 'outbox.at': 1 });
memberSchema.index({ tierCode: 1, status: 1 });
memberSchema.index({ tierDueAt: 1 });
memberSchema.index({ phoneHash: 1 });

const identitySchema = new Schema<IdentityDoc>(
  {
    kind: { type: String, required: true },
    value: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'member_identities' },
);
// One member per identity: the index, not application code, guarantees OneID.
identitySchema.index({ kind: 1, value: 1 }, { unique: true });
identitySchema.index({ memberId: 1 });

const counterSchema = new Schema<{ _id: string; seq: number }>(
  { _id: String, seq: Number },
  { collection: 'counters', versionKey: false },
);

/** Registers the models on one connection (called once per container). */
export function memberModels(conn: Connection) {
  return {
    Member: conn.model<MemberDoc>('Member', memberSchema),
    Identity: conn.model<IdentityDoc>('Identity', identitySchema),
    Counter: conn.model<{ _id: string; seq: number }>('Counter', counterSchema),
  };
}
export type MemberModels = ReturnType<typeof memberModels>;
