import type { MemberHealthSettings } from '@circles/shared';
import { type Connection, Schema } from 'mongoose';

/** A week's figure as of its latest value run: `_id` is the ISO week, so reruns overwrite. */
export interface HealthWeekDoc {
  _id: string;
  day: string;
  runId: string;
  churned: number;
  base: number;
  rate: number;
  unhealthy: boolean;
  measuredAt: Date;
}

export interface HealthSettingsDoc extends MemberHealthSettings {
  _id: 'settings';
  updatedAt: Date;
}

export function memberHealthModels(conn: Connection) {
  const week = new Schema<HealthWeekDoc>(
    {
      _id: String,
      day: String,
      runId: String,
      churned: Number,
      base: Number,
      rate: Number,
      unhealthy: Boolean,
      measuredAt: Date,
    },
    { collection: 'member_health_weeks', versionKey: false },
  );
  const settings = new Schema<HealthSettingsDoc>(
    {
      _id: String,
      churnRateMax: Number,
      consecutiveWeeks: Number,
      segments: [String],
      updatedAt: Date,
    },
    { collection: 'member_health_settings', versionKey: false },
  );
  return {
    Week: conn.model<HealthWeekDoc>('MemberHealthWeek', week),
    Settings: conn.model<HealthSettingsDoc>('MemberHealthSettings', settings),
  };
}
export type MemberHealthModels = ReturnType<typeof memberHealthModels>;
