import { type Connection, Schema, type Types } from 'mongoose';
import { type OutboxEntry, outboxField } from '../../platform/events';
import type { IdentityKind } from './member.model';

/** A OneID merge: what moved from the loser to the survivor, so an admin can undo it. */
export interface MergeDoc {
  _id: Types.ObjectId;
  survivorId: Types.ObjectId;
  loserId: Types.ObjectId;
  reason: string;
  identities: Array<{ kind: IdentityKind; value: string }>;
  phoneCopied: boolean;
  status: 'pending' | 'applied' | 'reversed';
  /** True until reversed; unique per loser, so one member can't be merged twice at once. */
  active: boolean;
  by: string;
  at: Date;
  reversedAt: Date | null;
  reverseReason: string | null;
  /** member.merged events not yet relayed. */
  outbox?: OutboxEntry[];
}

const schema = new Schema<MergeDoc>(
  {
    survivorId: { type: Schema.Types.ObjectId, required: true },
    loserId: { type: Schema.Types.ObjectId, required: true },
    reason: String,
    identities: [{ _id: false, kind: String, value: String }],
    phoneCopied: { type: Boolean, default: false },
    status: { type: String, default: 'pending' },
    active: { type: Boolean, default: true },
    by: String,
    at: Date,
    reversedAt: { type: Date, default: null },
    reverseReason: { type: String, default: null },
    outbox: outboxField,
  },
  { collection: 'member_merges', versionKey: false },
);
schema.index({ loserId: 1 }, { unique: true, partialFilterExpression: { active: true } });
schema.index({ survivorId: 1 });
schema.index({ 'outbox.at': 1 });

export const mergeModels = (conn: Connection) => ({ Merge: conn.model<MergeDoc>('Merge', schema) });
