import type { SubscribePurpose } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

/**
 * Sends a member may still receive with one template: +1 per accept, −1 per send WeChat took.
 * Keyed by template id (not purpose), because that is what WeChat counts.
 */
export interface QuotaDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  templateId: string;
  count: number;
  /** Merge keys already folded in, so a retried merge adds a loser's quota once. */
  mergedKeys: string[];
  updatedAt: Date;
}

export type SendStatus = 'sending' | 'sent' | 'no_quota' | 'failed';

/**
 * One intended message, under its idempotency key. Written before anything happens
 * (`sending`, phase `claimed`), moved to phase `calling` just before WeChat is asked, then to
 * its outcome. A `sent`, `no_quota` or final `failed` entry is never changed again; only a
 * retryable failure may be claimed again by a later call with the same key.
 */
export interface SendDoc {
  _id: Types.ObjectId;
  key: string;
  memberId: Types.ObjectId;
  purpose: SubscribePurpose;
  templateId: string;
  /** Keyword → value, as sent to WeChat. */
  data: Record<string, string>;
  page: string | null;
  status: SendStatus;
  phase: 'claimed' | 'calling' | null;
  /** Until then the claim belongs to the call that made it. */
  leaseUntil: Date | null;
  retryable: boolean;
  errcode: number | null;
  errmsg: string | null;
  /** WeChat's msgid; a string because it exceeds 2^53 (JSON numbers lose digits). */
  msgid: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

const quotaSchema = new Schema<QuotaDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    count: { type: Number, required: true, default: 0 },
    mergedKeys: { type: [String], default: [] },
  },
  { timestamps: { createdAt: false, updatedAt: true }, collection: 'subscribe_quotas' },
);
quotaSchema.index({ memberId: 1, templateId: 1 }, { unique: true });

const sendSchema = new Schema<SendDoc>(
  {
    key: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, required: true },
    templateId: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    page: { type: String, default: null },
    status: { type: String, required: true },
    phase: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    retryable: { type: Boolean, default: false },
    errcode: { type: Number, default: null },
    errmsg: { type: String, default: null },
    msgid: { type: String, default: null },
    attempts: { type: Number, default: 1 },
    sentAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'subscribe_sends', minimize: false },
);
sendSchema.index({ key: 1 }, { unique: true });
sendSchema.index({ memberId: 1, createdAt: -1 });

export const messageModels = (conn: Connection) => ({
  Quota: conn.model<QuotaDoc>('SubscribeQuota', quotaSchema),
  Send: conn.model<SendDoc>('SubscribeSend', sendSchema),
});
export type MessageModels = ReturnType<typeof messageModels>;
