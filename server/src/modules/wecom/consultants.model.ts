import { type OutboxEntry, outboxField } from '../../platform/events';
import { type Connection, Schema, type Types } from 'mongoose';

export interface ConsultantDoc {
  _id: Types.ObjectId;
  /** The WeCom userid. */
  userid: string;
  name: string;
  store: string | null;
  lastLoginAt: Date | null;
  syncedAt: Date;
}

export interface RelationEvent {
  /**
   * `backfilled`: found by the sync (batch/get_by_user) with no add callback; `ended_upstream`:
   * gone from WeCom with no delete callback; `transferred` / `transfer_failed`: 客户继承.
   */
  type:
    | 'added'
    | 'backfilled'
    | 'deleted_by_consultant'
    | 'deleted_by_customer'
    | 'ended_upstream'
    | 'transferred'
    | 'transfer_failed';
  at: Date;
  /** transfer_fail's FailReason (customer_refused | customer_limit_exceed). */
  reason?: string;
}

/** One consultant ↔ customer relation; ended relations stay, with their history. */
export interface RelationDoc {
  _id: Types.ObjectId;
  consultantUserId: string;
  externalUserId: string;
  memberId: Types.ObjectId | null;
  state: 'active' | 'ended';
  addedAt: Date;
  endedAt: Date | null;
  /** `transfer`: moved to another consultant (not a deletion); `sync`: gone upstream silently. */
  endedBy: 'consultant' | 'customer' | 'transfer' | 'sync' | null;
  /** The backfill run that last saw this relation upstream (deletions are what it did not see). */
  seenRun?: string | null;
  /** Channel code the customer came through (the contact-way `state`). */
  channel: string | null;
  /** The welcome code answered already (send_welcome_msg works once). */
  welcomeCode: string | null;
  welcomeSentAt: Date | null;
  history: RelationEvent[];
  /** OneID merges that moved this row (so an undo can move it back). */
  movedBy?: { key: string; from: Types.ObjectId }[];
}

export interface NoteDoc {
  _id: Types.ObjectId;
  externalUserId: string;
  memberId: Types.ObjectId | null;
  consultantUserId: string;
  consultantName: string;
  text: string;
  createdAt: Date;
  /** OneID merges that moved this row (so an undo can move it back). */
  movedBy?: { key: string; from: Types.ObjectId }[];
}

export interface FollowUpDoc {
  _id: Types.ObjectId;
  /** Idempotency: the playbook rule and period, or `sidebar:<id>` for hand-made ones. */
  sourceKey: string;
  memberId: Types.ObjectId | null;
  externalUserId: string | null;
  consultantUserId: string;
  kind: string;
  title: string;
  playbook: string[];
  /** Outcomes the consultant picks from when marking it done (playbook tasks); may be empty. */
  outcomes: string[];
  outcome: string | null;
  dueAt: Date | null;
  status: 'open' | 'done';
  createdAt: Date;
  doneAt: Date | null;
  outbox?: OutboxEntry[];
  /** OneID merges that moved this row (so an undo can move it back). */
  movedBy?: { key: string; from: Types.ObjectId }[];
}

const consultantSchema = new Schema<ConsultantDoc>(
  {
    userid: { type: String, required: true },
    name: { type: String, default: '' },
    store: { type: String, default: null },
    lastLoginAt: { type: Date, default: null },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'consultants', versionKey: false },
);
consultantSchema.index({ userid: 1 }, { unique: true });

const relationSchema = new Schema<RelationDoc>(
  {
    consultantUserId: { type: String, required: true },
    externalUserId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    state: { type: String, required: true },
    addedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    endedBy: { type: String, default: null },
    channel: { type: String, default: null },
    welcomeCode: { type: String, default: null },
    welcomeSentAt: { type: Date, default: null },
    history: [{ _id: false, type: { type: String }, at: Date, reason: String }],
    seenRun: { type: String, default: null },
    movedBy: {
      type: [{ _id: false, key: String, from: Schema.Types.ObjectId }],
      default: undefined,
    },
  },
  { collection: 'wecom_relations', versionKey: false },
);
relationSchema.index({ consultantUserId: 1, externalUserId: 1 }, { unique: true });
relationSchema.index({ externalUserId: 1 });
relationSchema.index({ memberId: 1, state: 1 });

const noteSchema = new Schema<NoteDoc>(
  {
    externalUserId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    consultantUserId: { type: String, required: true },
    consultantName: { type: String, default: '' },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
    movedBy: {
      type: [{ _id: false, key: String, from: Schema.Types.ObjectId }],
      default: undefined,
    },
  },
  { collection: 'consultant_notes', versionKey: false },
);
noteSchema.index({ externalUserId: 1, createdAt: -1 });
noteSchema.index({ memberId: 1 });

const followUpSchema = new Schema<FollowUpDoc>(
  {
    sourceKey: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    externalUserId: { type: String, default: null },
    consultantUserId: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    playbook: { type: [String], default: [] },
    outcomes: { type: [String], default: [] },
    outcome: { type: String, default: null },
    dueAt: { type: Date, default: null },
    status: { type: String, default: 'open' },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
    outbox: outboxField,
    movedBy: {
      type: [{ _id: false, key: String, from: Schema.Types.ObjectId }],
      default: undefined,
    },
  },
  { collection: 'follow_ups', versionKey: false },
);
followUpSchema.index({ sourceKey: 1 }, { unique: true });
// The outbox sweeper looks for events a crash left behind.
followUpSchema.index({ 'outbox.at': 1 }, { sparse: true });
followUpSchema.index({ memberId: 1, status: 1 });
followUpSchema.index({ externalUserId: 1, status: 1 });
followUpSchema.index({ consultantUserId: 1, status: 1, dueAt: 1 });

export function consultantModels(conn: Connection) {
  return {
    Consultant: conn.model<ConsultantDoc>('Consultant', consultantSchema),
    Relation: conn.model<RelationDoc>('WeComRelation', relationSchema),
    Note: conn.model<NoteDoc>('ConsultantNote', noteSchema),
    FollowUp: conn.model<FollowUpDoc>('FollowUp', followUpSchema),
  };
}
export type ConsultantModels = ReturnType<typeof consultantModels>;
