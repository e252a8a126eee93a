import type { PlaybookDefinition, PlaybookSettings, PlaybookStepType } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export type PlaybookStatus = 'draft' | 'active' | 'paused' | 'stopped';

export interface PlaybookDoc {
  _id: string;
  status: PlaybookStatus;
  /** The current version; runs keep the one they started on. */
  version: number;
  definition: PlaybookDefinition;
  templateId: string | null;
  activatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlaybookVersionDoc {
  _id: string; // `${playbookId}:${version}`
  playbookId: string;
  version: number;
  definition: PlaybookDefinition;
  createdAt: Date;
}

export type RunStatus = 'waiting' | 'running' | 'paused' | 'done';
export type RunOutcome = 'converted' | 'completed' | 'stopped' | 'exited';

export interface RunEvent {
  seq: number;
  step: number;
  type: PlaybookStepType | 'goal' | 'deferred';
  at: Date;
  result: string;
}

export interface RunDoc {
  _id: Types.ObjectId;
  playbookId: string;
  version: number;
  memberId: Types.ObjectId;
  /** One run per (playbook, member, episode): e.g. the circle-membership stint it entered on. */
  episode: string;
  priority: number;
  status: RunStatus;
  /** The step to execute next; past the last step the run is done. */
  step: number;
  /** Steps executed so far: part of every side effect's idempotency key. */
  seq: number;
  dueAt: Date;
  /** The claim of the instance executing it now (a new token per claim). */
  leaseToken: string | null;
  leaseUntil: Date | null;
  startedAt: Date;
  endedAt: Date | null;
  outcome: RunOutcome | null;
  /** The consultant task the run waits on, and the outcome picked for the last one. */
  waitingFor: string | null;
  lastOutcome: string | null;
  /** Set when the consultant marks the task done; read once when the run resumes. */
  taskOutcome: string | null;
  /** Steps reached (index → count) for the per-step funnel. */
  history: RunEvent[];
  convertedFen: number;
  /** What the trigger knew (`{points}`, `{expiresAt}`, `{event}`): fills scripts and messages. */
  vars?: Record<string, string>;
}

/** Every touch of a member by any playbook (the frequency caps read it). */
export interface TouchDoc {
  _id: string; // `${runId}:${seq}` — a retried step never counts twice
  memberId: Types.ObjectId;
  playbookId: string;
  kind: PlaybookStepType;
  at: Date;
}

const playbookSchema = new Schema<PlaybookDoc>(
  {
    _id: String,
    status: { type: String, required: true },
    version: { type: Number, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    templateId: { type: String, default: null },
    activatedAt: { type: Date, default: null },
    createdAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);

const versionSchema = new Schema<PlaybookVersionDoc>(
  {
    _id: String,
    playbookId: String,
    version: Number,
    definition: Schema.Types.Mixed,
    createdAt: Date,
  },
  { versionKey: false, minimize: false },
);

const runSchema = new Schema<RunDoc>(
  {
    playbookId: { type: String, required: true },
    version: Number,
    memberId: { type: Schema.Types.ObjectId, required: true },
    episode: { type: String, required: true },
    priority: Number,
    status: { type: String, required: true },
    step: Number,
    seq: Number,
    dueAt: Date,
    leaseToken: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    startedAt: Date,
    endedAt: { type: Date, default: null },
    outcome: { type: String, default: null },
    waitingFor: { type: String, default: null },
    lastOutcome: { type: String, default: null },
    taskOutcome: { type: String, default: null },
    history: [
      new Schema<RunEvent>(
        { seq: Number, step: Number, type: String, at: Date, result: String },
        { _id: false },
      ),
    ],
    convertedFen: { type: Number, default: 0 },
    vars: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
runSchema.index({ playbookId: 1, memberId: 1, episode: 1 }, { unique: true });
// The scheduler's queue: due runs in due order, one indexed range scan per tick.
runSchema.index({ status: 1, dueAt: 1 });
runSchema.index({ memberId: 1, status: 1 });
runSchema.index({ playbookId: 1, status: 1 });
runSchema.index({ waitingFor: 1 }, { sparse: true });

const touchSchema = new Schema<TouchDoc>(
  { _id: String, memberId: Schema.Types.ObjectId, playbookId: String, kind: String, at: Date },
  { versionKey: false },
);
touchSchema.index({ memberId: 1, at: -1 });

export interface SettingsDoc extends PlaybookSettings {
  _id: 'settings';
  updatedAt: Date;
}
const settingsSchema = new Schema<SettingsDoc>(
  {
    _id: String,
    maxTouches7d: Number,
    maxTouches30d: Number,
    quietStartHour: Number,
    quietEndHour: Number,
    updatedAt: Date,
  },
  { versionKey: false },
);

export function playbookModels(conn: Connection) {
  return {
    Playbook: conn.model<PlaybookDoc>('Playbook', playbookSchema),
    Version: conn.model<PlaybookVersionDoc>('PlaybookVersion', versionSchema),
    Run: conn.model<RunDoc>('PlaybookRun', runSchema),
    Touch: conn.model<TouchDoc>('PlaybookTouch', touchSchema),
    Settings: conn.model<SettingsDoc>('PlaybookSettings', settingsSchema),
  };
}
export type PlaybookModels = ReturnType<typeof playbookModels>;
