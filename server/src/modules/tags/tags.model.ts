import { type Connection, type Model, Schema, type Types } from 'mongoose';

export type SystemGroup = 'tier' | 'segment';

/** Circles-owned tag groups in WeCom, by their WeCom group name. */
export const SYSTEM_GROUPS: Record<SystemGroup, string> = {
  tier: '会员等级',
  segment: '价值分层',
};

/** The corp tag library mirrored from WeCom (get_corp_tag_list). */
export interface CorpTagDoc {
  _id: Types.ObjectId;
  tagId: string;
  name: string;
  order: number;
  groupId: string;
  groupName: string;
  groupOrder: number;
  deleted: boolean;
  syncedAt: Date;
}

/**
 * A tag a customer carries. `source` wecom rows hang off the external contact (set in WeCom or
 * the sidebar) and carry the member once linked; `system` rows hang off the member, one per
 * system group, and are pushed to WeCom.
 */
export interface CustomerTagDoc {
  _id: Types.ObjectId;
  /** `c:<externalUserId>:<tagId>` or `s:<memberId>:<group>`: one row per fact. */
  key: string;
  memberId: Types.ObjectId | null;
  externalUserId: string | null;
  tagId: string;
  source: 'wecom' | 'system';
  group: SystemGroup | null;
  /** The system value (tier name, segment name) the row stands for. */
  value: string | null;
  updatedAt: Date;
  /** OneID merges that moved this row (so an undo can move it back). */
  movedBy?: { key: string; from: Types.ObjectId }[];
}

const corpTagSchema = new Schema<CorpTagDoc>(
  {
    tagId: { type: String, required: true },
    name: { type: String, required: true },
    order: { type: Number, default: 0 },
    groupId: { type: String, required: true },
    groupName: { type: String, required: true },
    groupOrder: { type: Number, default: 0 },
    deleted: { type: Boolean, default: false },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'wecom_corp_tags', versionKey: false },
);
corpTagSchema.index({ tagId: 1 }, { unique: true });
corpTagSchema.index({ groupName: 1, name: 1 });

const customerTagSchema = new Schema<CustomerTagDoc>(
  {
    key: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    externalUserId: { type: String, default: null },
    tagId: { type: String, required: true },
    source: { type: String, required: true },
    group: { type: String, default: null },
    value: { type: String, default: null },
    updatedAt: { type: Date, required: true },
    movedBy: {
      type: [{ _id: false, key: String, from: Schema.Types.ObjectId }],
      default: undefined,
    },
  },
  { collection: 'customer_tags', versionKey: false },
);
customerTagSchema.index({ key: 1 }, { unique: true });
customerTagSchema.index({ memberId: 1, tagId: 1 });
customerTagSchema.index({ tagId: 1, memberId: 1 });
customerTagSchema.index({ externalUserId: 1 });

export function tagModels(conn: Connection) {
  // Several services may ask for the models on one connection: register once.
  const CorpTag =
    (conn.models.CorpTag as Model<CorpTagDoc> | undefined) ??
    conn.model<CorpTagDoc>('CorpTag', corpTagSchema);
  const CustomerTag =
    (conn.models.CustomerTag as Model<CustomerTagDoc> | undefined) ??
    conn.model<CustomerTagDoc>('CustomerTag', customerTagSchema);
  return { CorpTag, CustomerTag };
}
export type TagModels = ReturnType<typeof tagModels>;
