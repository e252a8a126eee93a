import type { TaskKind, TaskPeriod } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export interface TaskDefDoc {
  _id: Types.ObjectId;
  code: string;
  name: string;
  description: string;
  kind: TaskKind;
  target: number;
  period: TaskPeriod;
  eligibleTiers: string[];
  /** Circle-exclusive: only members of one of these circles (empty: everyone). */
  circleIds: string[];
  reward: { points: number; growth: number; perkCode: string | null };
  streakBonus: { every: number; points: number } | null;
  category: string | null;
  activeFrom: Date | null;
  activeTo: Date | null;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** One member's progress on one task in one period; the unique index makes it once per period. */
export interface TaskProgressDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  taskCode: string;
  periodKey: string;
  count: number;
  /** Events already counted (order numbers, share ids…): a replayed event never counts twice. */
  sources: string[];
  streak: number | null;
  completedAt: Date | null;
  claimedAt: Date | null;
  /** Points actually promised at claim time (sign-in streak bonus included). */
  rewardPoints: number | null;
  mergedFrom: Types.ObjectId[];
}

export interface ShareDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  page: string;
  ref: string | null;
  /** Set when someone else first opened it: the moment the share counted. */
  countedAt: Date | null;
  createdAt: Date;
}

export interface ShareOpenDoc {
  _id: Types.ObjectId;
  shareId: Types.ObjectId;
  openerId: Types.ObjectId;
  at: Date;
}

export interface ReviewDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  sku: string;
  orderNo: string | null;
  rating: number;
  content: string;
  createdAt: Date;
}

const defSchema = new Schema<TaskDefDoc>(
  {
    code: { type: String, required: true, unique: true },
    name: String,
    description: { type: String, default: '' },
    kind: { type: String, required: true },
    target: Number,
    period: String,
    eligibleTiers: { type: [String], default: [] },
    circleIds: { type: [String], default: [] },
    reward: { points: Number, growth: Number, perkCode: { type: String, default: null } },
    streakBonus: {
      type: new Schema({ every: Number, points: Number }, { _id: false }),
      default: null,
    },
    category: { type: String, default: null },
    activeFrom: { type: Date, default: null },
    activeTo: { type: Date, default: null },
    archived: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'task_defs' },
);
defSchema.index({ kind: 1, archived: 1 });

const progressSchema = new Schema<TaskProgressDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    taskCode: { type: String, required: true },
    periodKey: { type: String, required: true },
    count: { type: Number, default: 0 },
    sources: { type: [String], default: [] },
    streak: { type: Number, default: null },
    completedAt: { type: Date, default: null },
    claimedAt: { type: Date, default: null },
    rewardPoints: { type: Number, default: null },
    mergedFrom: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'task_progress', versionKey: false },
);
progressSchema.index({ memberId: 1, taskCode: 1, periodKey: 1 }, { unique: true });

const shareSchema = new Schema<ShareDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    page: String,
    ref: { type: String, default: null },
    countedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'task_shares' },
);
shareSchema.index({ memberId: 1, countedAt: 1 });
shareSchema.index({ countedAt: 1 });

const openSchema = new Schema<ShareOpenDoc>(
  {
    shareId: { type: Schema.Types.ObjectId, required: true },
    openerId: { type: Schema.Types.ObjectId, required: true },
    at: Date,
  },
  { collection: 'task_share_opens', versionKey: false },
);
// A person's repeat opens of one share are one open.
openSchema.index({ shareId: 1, openerId: 1 }, { unique: true });

const reviewSchema = new Schema<ReviewDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    sku: String,
    orderNo: { type: String, default: null },
    rating: Number,
    content: String,
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'reviews' },
);
reviewSchema.index({ memberId: 1, createdAt: -1 });

export function taskModels(conn: Connection) {
  return {
    TaskDef: conn.model<TaskDefDoc>('TaskDef', defSchema),
    Progress: conn.model<TaskProgressDoc>('TaskProgress', progressSchema),
    Share: conn.model<ShareDoc>('TaskShare', shareSchema),
    ShareOpen: conn.model<ShareOpenDoc>('TaskShareOpen', openSchema),
    Review: conn.model<ReviewDoc>('Review', reviewSchema),
  };
}
export type TaskModels = ReturnType<typeof taskModels>;
