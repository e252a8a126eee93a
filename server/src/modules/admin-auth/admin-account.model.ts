import type { AdminRole } from '@circles/shared';
import { ADMIN_ROLES } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';
import type { Clock } from '../../lib/clock';

export interface AdminAccountDoc {
  _id: Types.ObjectId;
  /** Lower-case login name, unique. */
  username: string;
  passwordHash: string;
  role: AdminRole;
  displayName: string;
  disabled: boolean;
  /** Part of every token; bumping it (logout, disable, password reset) ends all sessions. */
  tokenVersion: number;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One sliding window of login attempts for one key (`u:<username>` or `ip:<address>`): the
 * attempts still inside the window, each with a unique id so one can be given back exactly.
 */
export interface LoginAttemptDoc {
  _id: string;
  attempts: Array<{ id: string; at: Date }>;
  /** Last attempt + window: the TTL index drops idle windows. */
  expiresAt: Date;
}

/** Registers the models on one connection (called once per container). */
export function adminAuthModels(conn: Connection, clock: Clock) {
  const accountSchema = new Schema<AdminAccountDoc>(
    {
      username: { type: String, required: true },
      passwordHash: { type: String, required: true },
      role: { type: String, enum: ADMIN_ROLES, required: true },
      displayName: { type: String, required: true },
      disabled: { type: Boolean, default: false },
      tokenVersion: { type: Number, default: 0 },
      lastLoginAt: { type: Date, default: null },
    },
    {
      collection: 'admin_accounts',
      timestamps: { currentTime: () => clock.now() },
    },
  );
  accountSchema.index({ username: 1 }, { unique: true });
  accountSchema.index({ role: 1, disabled: 1 });

  const attemptSchema = new Schema<LoginAttemptDoc>(
    {
      _id: String,
      attempts: [{ _id: false, id: String, at: Date }],
      expiresAt: Date,
    },
    { collection: 'admin_login_attempts', versionKey: false },
  );
  attemptSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

  return {
    AdminAccount: conn.model<AdminAccountDoc>('AdminAccount', accountSchema),
    LoginAttempt: conn.model<LoginAttemptDoc>('AdminLoginAttempt', attemptSchema),
  };
}
export type AdminAuthModels = ReturnType<typeof adminAuthModels>;
