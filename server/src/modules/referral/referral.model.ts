import type { ReferralSettings } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export interface InviteCodeDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  code: string;
  /** The wxacode PNG (base64), fetched once: the code never changes. */
  /** The wxacode image as WeChat returned it, as a data URL, for the build it was made for. */
  qrDataUrl: string | null;
  qrEnv: string | null;
}

export type ReferralState = 'bound' | 'pending' | 'qualified' | 'void';

export interface ReferralDoc {
  _id: Types.ObjectId;
  inviterId: Types.ObjectId;
  inviteeId: Types.ObjectId;
  code: string;
  state: ReferralState;
  voidReason: string | null;
  boundAt: Date;
  orderNo: string | null;
  qualifyAt: Date | null;
  qualifiedAt: Date | null;
  rewardedAt: Date | null;
  /** Rewards fixed when the qualifying order arrived (settings may change meanwhile). */
  inviterReward: { points: number; growth: number };
  inviteeReward: { points: number; growth: number };
  minOrderAmount: number;
  /** The inviter's consultant at qualification, credited for attribution. */
  consultantUserId: string | null;
  /** Set when a merge voided it, so undoing the merge restores the state it had. */
  voidedFrom: { state: ReferralState; mergeKey: string } | null;
}

/** Identities (hashed) that took part in a referral: a second appearance is not a new friend. */
export interface SeenIdentityDoc {
  _id: string;
  memberId: Types.ObjectId;
}

export interface ReferralAttemptDoc {
  inviteeId: Types.ObjectId;
  code: string;
  rejection: string | null;
  at: Date;
}

const rewardSchema = new Schema({ points: Number, growth: Number }, { _id: false });

const codeSchema = new Schema<InviteCodeDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true, unique: true },
    code: { type: String, required: true, unique: true },
    qrDataUrl: { type: String, default: null },
    qrEnv: { type: String, default: null },
  },
  { collection: 'referral_codes', versionKey: false },
);

const referralSchema = new Schema<ReferralDoc>(
  {
    inviterId: { type: Schema.Types.ObjectId, required: true },
    inviteeId: { type: Schema.Types.ObjectId, required: true },
    code: String,
    state: { type: String, required: true },
    voidReason: { type: String, default: null },
    boundAt: Date,
    orderNo: { type: String, default: null },
    qualifyAt: { type: Date, default: null },
    qualifiedAt: { type: Date, default: null },
    rewardedAt: { type: Date, default: null },
    inviterReward: rewardSchema,
    inviteeReward: rewardSchema,
    minOrderAmount: Number,
    consultantUserId: { type: String, default: null },
    voidedFrom: {
      type: new Schema({ state: String, mergeKey: String }, { _id: false }),
      default: null,
    },
  },
  { collection: 'referrals', versionKey: false },
);
// One inviter per invitee, ever: the index settles concurrent binds.
referralSchema.index({ inviteeId: 1 }, { unique: true });
referralSchema.index({ inviterId: 1, boundAt: -1 });
referralSchema.index({ state: 1, qualifyAt: 1 });
referralSchema.index({ orderNo: 1 }, { sparse: true });

const seenSchema = new Schema<SeenIdentityDoc>(
  { _id: String, memberId: { type: Schema.Types.ObjectId, required: true } },
  { collection: 'referral_seen_identities', versionKey: false },
);

const attemptSchema = new Schema<ReferralAttemptDoc>(
  {
    inviteeId: Schema.Types.ObjectId,
    code: String,
    rejection: { type: String, default: null },
    at: Date,
  },
  { collection: 'referral_attempts', versionKey: false },
);
attemptSchema.index({ inviteeId: 1, at: -1 });

const settingsSchema = new Schema<ReferralSettings & { _id: string }>(
  {
    _id: String,
    minOrderAmount: Number,
    coolingOffDays: Number,
    monthlyCap: Number,
    inviterReward: rewardSchema,
    inviteeReward: rewardSchema,
  },
  { collection: 'referral_settings', versionKey: false },
);

/**
 * Bindings per inviter per China month; a conditional $inc enforces the cap atomically. The
 * invitees holding a slot are listed (at most the cap), so identical concurrent binds share one.
 */
const monthCountSchema = new Schema<{ _id: string; n: number; invitees?: string[] }>(
  { _id: String, n: Number, invitees: { type: [String], default: undefined } },
  { collection: 'referral_month_counts', versionKey: false },
);

export function referralModels(conn: Connection) {
  return {
    MonthCount: conn.model<{ _id: string; n: number; invitees?: string[] }>(
      'ReferralMonthCount',
      monthCountSchema,
    ),
    InviteCode: conn.model<InviteCodeDoc>('InviteCode', codeSchema),
    Referral: conn.model<ReferralDoc>('Referral', referralSchema),
    Seen: conn.model<SeenIdentityDoc>('ReferralSeenIdentity', seenSchema),
    Attempt: conn.model<ReferralAttemptDoc>('ReferralAttempt', attemptSchema),
    Settings: conn.model<ReferralSettings & { _id: string }>('ReferralSettings', settingsSchema),
  };
}
export type ReferralModels = ReturnType<typeof referralModels>;

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  minOrderAmount: 10_000,
  coolingOffDays: 7,
  monthlyCap: 20,
  inviterReward: { points: 500, growth: 0 },
  inviteeReward: { points: 200, growth: 0 },
};
