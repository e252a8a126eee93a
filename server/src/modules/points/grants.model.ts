import { type Connection, Schema, type Types } from 'mongoose';

/** The two-person rule on a large non-admin grant (see `GRANT_APPROVAL_MAX_MEMBERS`). */
export interface GrantApproval {
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  /** The requester's account id: the approver must be another account. */
  requestedById: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
}

export interface GrantFailure {
  memberNo: string;
  code: string;
  message: string;
}

/**
 * A bulk grant / deduct job. Progress (cursor, done, failed) is saved in one update per batch,
 * and every member's entry has its own ledger key, so a killed job resumes without double effects.
 */
export interface GrantJobDoc {
  _id: Types.ObjectId;
  key: string;
  kind: 'grant' | 'deduct';
  segment: { type: 'tier' | 'tag' | 'list'; value: string };
  /** The uploaded member numbers (list segments only). */
  memberNos: string[];
  points: number;
  reason: string;
  /**
   * `pending_approval` → `running` (approved) or `rejected` (never runs); `running` → `done` or
   * `failed` (resumable). Every move is one conditional update on the current status.
   */
  status: 'pending_approval' | 'running' | 'done' | 'failed' | 'rejected';
  total: number | null;
  /** The estimate's members × points at submission (what the approver agrees to). */
  totalPoints: number | null;
  done: number;
  failed: number;
  failures: GrantFailure[];
  /** Members handled so far, in segment order; tier segments also keep the last member id. */
  cursor: { pos: number; lastId: string | null };
  error: string | null;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
  /** Null when the grant needed no approval. */
  approval: GrantApproval | null;
}

const schema = new Schema<GrantJobDoc>(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    // Mixed: a nested `type` key would read as a mongoose type declaration.
    segment: { type: Schema.Types.Mixed, required: true },
    memberNos: { type: [String], default: [] },
    points: { type: Number, required: true },
    reason: { type: String, required: true },
    status: { type: String, default: 'running' },
    total: { type: Number, default: null },
    totalPoints: { type: Number, default: null },
    done: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    failures: {
      type: [{ _id: false, memberNo: String, code: String, message: String }],
      default: [],
    },
    cursor: {
      _id: false,
      pos: { type: Number, default: 0 },
      lastId: { type: String, default: null },
    },
    error: { type: String, default: null },
    createdBy: { type: String, required: true },
    finishedAt: { type: Date, default: null },
    approval: {
      type: new Schema<GrantApproval>(
        {
          status: { type: String, required: true },
          requestedBy: { type: String, required: true },
          requestedById: { type: String, required: true },
          decidedBy: { type: String, default: null },
          decidedAt: { type: Date, default: null },
          note: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'points_grant_jobs' },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ createdAt: -1 });
// The approvals queue: pending grants, oldest first.
schema.index({ status: 1, createdAt: 1 });

export const grantModels = (conn: Connection) => ({
  GrantJob: conn.model<GrantJobDoc>('PointsGrantJob', schema),
});
