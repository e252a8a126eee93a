import { type CircleRule, INTEREST_TOPICS } from '@circles/shared';
import type { Binary } from 'mongodb';
import { type Connection, Schema, type Types } from 'mongoose';

export type CircleStatus = 'draft' | 'active' | 'archived';

export interface CircleDoc {
  _id: string;
  name: string;
  description: string;
  color: string;
  icon: string;
  owner: string;
  status: CircleStatus;
  rule: CircleRule;
  /** Bumped on every edit; a materialisation records the version it used. */
  version: number;
  memberCount: number;
  materializedAt: Date | null;
  materializedVersion: number | null;
  /** The run whose change records for this circle are complete (written before applying). */
  changesRunId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Current membership, packed (see packed.ts): one document per circle and member bucket, the
 * bucket a hash of the member id. A member's circles are the few documents of their bucket (an
 * indexed read of ~n/1024 ids per circle); a run rewrites only the buckets that changed.
 */
export interface CircleMemberSetDoc {
  /** `${circleId}:${bucket}` */
  _id: string;
  circleId: string;
  bucket: number;
  n: number;
  /** n member ids, 12 bytes each. */
  ids: Binary;
  /** n entry times, Float64 milliseconds, in the order of `ids`. */
  since: Binary;
}

/**
 * Entries and exits of one circle in one run, packed: up to CHANGE_CHUNK ids per document,
 * unique per (circle, run, kind, chunk). A run writes all of a circle's chunks, then marks the
 * circle (`changesRunId`), then applies them; see materialize.ts for how a killed run resumes.
 */
export interface CircleChangeDoc {
  _id: Types.ObjectId;
  circleId: string;
  runId: string;
  kind: 'enter' | 'exit';
  chunk: number;
  /** Beijing day of the run. */
  day: string;
  at: Date;
  n: number;
  ids: Binary;
}

/** Circle size per Beijing day (the trend charts). */
export interface CircleDailyDoc {
  _id: string;
  circleId: string;
  day: string;
  members: number;
}

/** Raw member-center tracking; expires after 90 days (the aggregates stay). */
export interface TrackEventDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  kind: 'page_view' | 'impression' | 'click';
  page: string;
  target: string | null;
  topic: string | null;
  at: Date;
  expireAt: Date;
}

/** Clicks per member, topic and Beijing day: what `interest` rules read. */
export interface InterestDailyDoc {
  _id: string;
  memberId: Types.ObjectId;
  topic: string;
  day: string;
  clicks: number;
  impressions: number;
  expireAt: Date;
}

const circleSchema = new Schema<CircleDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    description: { type: String, default: '' },
    color: { type: String, default: '#722ED1' },
    icon: { type: String, default: '◎' },
    owner: { type: String, default: '' },
    status: { type: String, enum: ['draft', 'active', 'archived'], default: 'draft' },
    rule: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, default: 1 },
    memberCount: { type: Number, default: 0 },
    materializedAt: { type: Date, default: null },
    materializedVersion: { type: Number, default: null },
    changesRunId: { type: String, default: null },
  },
  { collection: 'circles', timestamps: true, versionKey: false, minimize: false },
);

const memberSetSchema = new Schema<CircleMemberSetDoc>(
  {
    _id: String,
    circleId: { type: String, required: true },
    bucket: { type: Number, required: true },
    n: { type: Number, required: true },
    ids: { type: Buffer, required: true },
    since: { type: Buffer, required: true },
  },
  { collection: 'circle_member_sets', versionKey: false },
);
memberSetSchema.index({ bucket: 1 });
memberSetSchema.index({ circleId: 1, bucket: 1 });

const changeSchema = new Schema<CircleChangeDoc>(
  {
    circleId: { type: String, required: true },
    runId: { type: String, required: true },
    kind: { type: String, enum: ['enter', 'exit'], required: true },
    chunk: { type: Number, required: true },
    day: { type: String, required: true },
    at: { type: Date, required: true },
    n: { type: Number, required: true },
    ids: { type: Buffer, required: true },
  },
  { collection: 'circle_change_sets', versionKey: false },
);
changeSchema.index({ circleId: 1, runId: 1, kind: 1, chunk: 1 }, { unique: true });
changeSchema.index({ circleId: 1, day: 1 });
changeSchema.index({ day: 1, at: 1 });

const dailySchema = new Schema<CircleDailyDoc>(
  { _id: String, circleId: String, day: String, members: Number },
  { collection: 'circle_daily', versionKey: false },
);
dailySchema.index({ circleId: 1, day: 1 });

const trackSchema = new Schema<TrackEventDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    page: { type: String, required: true },
    target: { type: String, default: null },
    topic: { type: String, enum: [...INTEREST_TOPICS, null], default: null },
    at: { type: Date, required: true },
    expireAt: { type: Date, required: true },
  },
  { collection: 'track_events', versionKey: false },
);
trackSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
trackSchema.index({ memberId: 1, at: -1 });

const interestSchema = new Schema<InterestDailyDoc>(
  {
    _id: String,
    memberId: { type: Schema.Types.ObjectId, required: true },
    topic: { type: String, required: true },
    day: { type: String, required: true },
    clicks: { type: Number, default: 0 },
    impressions: { type: Number, default: 0 },
    expireAt: { type: Date, required: true },
  },
  { collection: 'interest_daily', versionKey: false },
);
interestSchema.index({ day: 1 });
interestSchema.index({ memberId: 1, day: -1 });
interestSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

export function circleModels(conn: Connection) {
  return {
    Circle: conn.model<CircleDoc>('Circle', circleSchema),
    MemberSet: conn.model<CircleMemberSetDoc>('CircleMemberSet', memberSetSchema),
    Change: conn.model<CircleChangeDoc>('CircleChange', changeSchema),
    Daily: conn.model<CircleDailyDoc>('CircleDaily', dailySchema),
    Track: conn.model<TrackEventDoc>('TrackEvent', trackSchema),
    Interest: conn.model<InterestDailyDoc>('InterestDaily', interestSchema),
  };
}
export type CircleModels = ReturnType<typeof circleModels>;
