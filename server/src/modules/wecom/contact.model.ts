import { type Connection, type Model, Schema, type Types } from 'mongoose';

/** What WeCom last told us about an external contact (externalcontact/get). */
export interface ContactDoc {
  _id: Types.ObjectId;
  externalUserId: string;
  memberId: Types.ObjectId | null;
  name: string;
  avatar: string | null;
  type: number;
  corpName: string | null;
  /** OneID link to the mini-program user; not shown anywhere. */
  unionid: string | null;
  remarks: { userid: string; remark: string }[];
  syncedAt: Date;
  /** OneID merges that moved this row (so an undo can move it back). */
  movedBy?: { key: string; from: Types.ObjectId }[];
}

const schema = new Schema<ContactDoc>(
  {
    externalUserId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    name: { type: String, default: '' },
    avatar: { type: String, default: null },
    type: { type: Number, default: 1 },
    corpName: { type: String, default: null },
    unionid: { type: String, default: null },
    remarks: [{ _id: false, userid: String, remark: String }],
    syncedAt: { type: Date, required: true },
    movedBy: {
      type: [{ _id: false, key: String, from: Schema.Types.ObjectId }],
      default: undefined,
    },
  },
  { collection: 'wecom_contacts', versionKey: false },
);
schema.index({ externalUserId: 1 }, { unique: true });
schema.index({ memberId: 1 });

export function contactModel(conn: Connection): Model<ContactDoc> {
  return (
    (conn.models.WeComContact as Model<ContactDoc> | undefined) ??
    conn.model<ContactDoc>('WeComContact', schema)
  );
}
