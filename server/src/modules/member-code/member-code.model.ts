import { type Connection, Schema, type Types } from 'mongoose';

/** One issued member code; `_id` is its 12-digit random id. Kept a day past expiry (TTL). */
export interface MemberCodeDoc {
  _id: string;
  memberId: Types.ObjectId;
  issuedAt: Date;
  expiresAt: Date;
  /** Set once, by the scan that used the code. */
  usedAt: Date | null;
  usedBy: string | null;
  storeCode: string | null;
  expireAt: Date;
}

const schema = new Schema<MemberCodeDoc>(
  {
    _id: String,
    memberId: { type: Schema.Types.ObjectId, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: String, default: null },
    storeCode: { type: String, default: null },
    expireAt: { type: Date, required: true },
  },
  { collection: 'member_codes', versionKey: false },
);
schema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

export function memberCodeModels(conn: Connection) {
  return { Code: conn.model<MemberCodeDoc>('MemberCode', schema) };
}
