import type { EVENT_KINDS, SIGNUP_STATES } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export interface EventDoc {
  _id: Types.ObjectId;
  title: string;
  kind: (typeof EVENT_KINDS)[number];
  description: string;
  coverUrl: string | null;
  startAt: Date;
  endAt: Date;
  place: string | null;
  liveUrl: string | null;
  capacity: number;
  tierQuotas: Array<{ tierCode: string; seats: number }>;
  eligibleTiers: string[];
  /** Circle-exclusive: only members of one of these circles see it and may sign up. */
  circleIds: string[];
  signupDeadline: Date;
  reward: { points: number; growth: number };
  /** Check-in opens this many minutes before the start; absent on events older than the window. */
  checkinOpensMinutesBefore?: number;
  status: 'published' | 'cancelled';
  /** Seats taken; only ever changed by conditional $inc (never read-modify-write). */
  registered: number;
  /** Seats taken per tier (kept for every tier; a quota compares against it). */
  tierTaken: Record<string, number>;
  /** Sign-up order: each sign-up takes the next number in the same update that decides its seat. */
  seq: number;
  /** When the no-show pass ran after the event ended. */
  finishedAt: Date | null;
  createdAt: Date;
}

export type SignupState = (typeof SIGNUP_STATES)[number] | 'pending';

export interface SignupDoc {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  memberId: Types.ObjectId;
  tierCode: string;
  state: SignupState;
  seq: number;
  /** Random secret of the check-in token; the QR code carries `<signupId>.<secret>`. */
  secret: string;
  signedUpAt: Date;
  checkedInAt: Date | null;
  mergedFrom: Types.ObjectId[];
}

const eventSchema = new Schema<EventDoc>(
  {
    title: String,
    kind: String,
    description: { type: String, default: '' },
    coverUrl: { type: String, default: null },
    startAt: Date,
    endAt: Date,
    place: { type: String, default: null },
    liveUrl: { type: String, default: null },
    capacity: Number,
    tierQuotas: [new Schema({ tierCode: String, seats: Number }, { _id: false })],
    eligibleTiers: { type: [String], default: [] },
    circleIds: { type: [String], default: [] },
    signupDeadline: Date,
    reward: { points: Number, growth: Number },
    checkinOpensMinutesBefore: { type: Number },
    status: { type: String, default: 'published' },
    registered: { type: Number, default: 0 },
    tierTaken: { type: Schema.Types.Mixed, default: {} },
    seq: { type: Number, default: 0 },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'events', minimize: false },
);
eventSchema.index({ startAt: 1 });
eventSchema.index({ endAt: 1, finishedAt: 1 });

const signupSchema = new Schema<SignupDoc>(
  {
    eventId: { type: Schema.Types.ObjectId, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    tierCode: String,
    state: { type: String, required: true },
    seq: { type: Number, default: 0 },
    secret: String,
    signedUpAt: Date,
    checkedInAt: { type: Date, default: null },
    mergedFrom: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'event_signups', versionKey: false },
);
// One sign-up per member per event, also under concurrent requests.
signupSchema.index({ eventId: 1, memberId: 1 }, { unique: true });
signupSchema.index({ eventId: 1, state: 1, seq: 1 });
signupSchema.index({ memberId: 1, state: 1 });
signupSchema.index({ state: 1, checkedInAt: 1 });

export function eventModels(conn: Connection) {
  return {
    Event: conn.model<EventDoc>('CommunityEvent', eventSchema),
    Signup: conn.model<SignupDoc>('EventSignup', signupSchema),
  };
}
export type EventModels = ReturnType<typeof eventModels>;
