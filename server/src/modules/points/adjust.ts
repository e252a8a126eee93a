import { expiresAtFor, type PointsEntryView } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError, isAppError } from '../../lib/errors';
import type { PointsEntryDoc } from './points.model';
import type { PointsService } from './points.service';
import { entryView } from './views';

export interface PointsAdjustInput {
  memberId: Types.ObjectId;
  /** Signed, ≠ 0: a credit (a new lot under the expiry rule) or a strict debit. */
  delta: number;
  reason: string;
  /** Who asked (the admin's username), kept as the entry's source. */
  by: string;
  /** The caller's key; namespaced per member the way the points adjust route does. */
  idempotencyKey: string;
}

export interface PointsAdjustResult {
  entry: PointsEntryView;
  /** The key had been applied before: nothing changed now (callers audit only new entries). */
  replayed: boolean;
}

const conflict = (key: string) =>
  AppError.of('IDEMPOTENCY_CONFLICT', `幂等键 ${key} 已用于内容不同的请求`, {
    fields: [{ path: 'body.idempotencyKey', message: '该幂等键已用于内容不同的调整' }],
  });

/** A replay must ask for what the first request asked: same delta, same reason. */
function sameAdjustment(e: PointsEntryDoc, input: PointsAdjustInput): boolean {
  return e.reason === 'adjust' && e.delta === input.delta && e.note === input.reason;
}

/**
 * Manual points corrections (人工调整): one ledger entry per idempotency key, telling the
 * caller whether this call wrote it, so a retried dialog is applied and audited once. A debit
 * is strict: more than the usable balance is 409 POINTS_INSUFFICIENT naming `body.delta`.
 */
export class PointsAdjustments {
  constructor(
    private readonly points: PointsService,
    private readonly clock: Clock,
  ) {}

  async adjust(input: PointsAdjustInput): Promise<PointsAdjustResult> {
    if (!Number.isSafeInteger(input.delta) || input.delta === 0) {
      throw new Error(`points adjustment must be a non-zero integer: ${input.delta}`);
    }
    // The same key space as POST /points/adjust, so either route replays the other's entry.
    // The ledger looks the key up before planning and completes a replayed entry a crashed
    // writer left unapplied, so a replayed debit is never refused for a balance it already took.
    const idempotencyKey = `points:adjust:${input.memberId}:${input.idempotencyKey}`;
    const base = {
      memberId: input.memberId,
      reason: 'adjust' as const,
      note: input.reason,
      sourceType: 'admin',
      sourceId: input.by,
      idempotencyKey,
    };
    try {
      const { entry, created } = await this.points.post(
        input.delta > 0
          ? {
              ...base,
              delta: input.delta,
              expiresAt: expiresAtFor(this.clock.now(), (await this.points.settings()).expiry),
            }
          : { ...base, delta: input.delta, mode: 'strict' },
      );
      if (!created && !sameAdjustment(entry, input)) throw conflict(input.idempotencyKey);
      return { entry: entryView(entry), replayed: !created };
    } catch (err) {
      if (isAppError(err) && err.code === 'POINTS_INSUFFICIENT') {
        const details = (err.details ?? {}) as Record<string, unknown>;
        throw AppError.of('POINTS_INSUFFICIENT', err.message, {
          ...details,
          fields: [{ path: 'body.delta', message: err.message }],
        });
      }
      throw err;
    }
  }
}
