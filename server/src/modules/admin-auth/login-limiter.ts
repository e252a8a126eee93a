import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { AdminAuthModels } from './admin-account.model';

export interface LimitRule {
  /** `ip:<address>`, `ui:<username>|<address>` or `u:<username>`. */
  key: string;
  /** Attempts allowed inside one window. */
  limit: number;
  /** This rule's window (default: the limiter's). */
  windowMs?: number;
}

export interface Reservation {
  key: string;
  id: string;
}

/**
 * Sliding-window login limiter kept in MongoDB, so every server instance sees the same counts.
 *
 * An attempt is reserved *before* the password is checked, with one conditional update that
 * only succeeds while the window holds fewer than `limit` attempts: N concurrent requests on
 * any number of instances can never check more than `limit` passwords per window. A
 * successful login gives its reservation back (it was not a failure) and clears the
 * username's window.
 */
export class LoginLimiter {
  constructor(
    private readonly models: AdminAuthModels,
    private readonly clock: Clock,
    readonly windowMs = 15 * 60_000,
  ) {}

  /** Reserves one attempt under every rule, all or nothing; throws 429 when one is full. */
  async reserve(rules: LimitRule[]): Promise<Reservation[]> {
    const taken: Reservation[] = [];
    try {
      for (const rule of rules) taken.push(await this.reserveOne(rule));
      return taken;
    } catch (err) {
      await Promise.all(taken.map((r) => this.release(r)));
      throw err;
    }
  }

  /** Gives an attempt back (a login that succeeded, or one refused by another rule). */
  async release(r: Reservation): Promise<void> {
    await this.models.LoginAttempt.updateOne({ _id: r.key }, { $pull: { attempts: { id: r.id } } });
  }

  /** Whether the key has attempts inside its window (an address with recent failures). */
  async hasLive(key: string, windowMs = this.windowMs): Promise<boolean> {
    const doc = await this.models.LoginAttempt.findById(key).lean();
    const cutoff = this.clock.now().getTime() - windowMs;
    return (doc?.attempts ?? []).some((a) => a.at.getTime() > cutoff);
  }

  /** Forgets every attempt under a key (a successful login clears its username). */
  async clear(key: string): Promise<void> {
    await this.models.LoginAttempt.deleteOne({ _id: key });
  }

  private async reserveOne(rule: LimitRule): Promise<Reservation> {
    const { LoginAttempt } = this.models;
    // A lost race ends in a fresh read; three rounds cover windows expiring mid-request.
    const windowMs = rule.windowMs ?? this.windowMs;
    for (let round = 0; round < 3; round++) {
      const now = this.clock.now();
      const cutoff = new Date(now.getTime() - windowMs);
      await LoginAttempt.updateOne(
        { _id: rule.key },
        { $pull: { attempts: { at: { $lte: cutoff } } } },
      );
      const id = randomUUID();
      try {
        // Matches only while slot `limit - 1` is empty; a full window makes the upsert insert a
        // second document with the same _id, which the unique _id index refuses.
        await LoginAttempt.updateOne(
          { _id: rule.key, [`attempts.${rule.limit - 1}`]: { $exists: false } },
          {
            $push: { attempts: { id, at: now } },
            $set: { expiresAt: new Date(now.getTime() + windowMs) },
          },
          { upsert: true },
        );
        return { key: rule.key, id };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const doc = await LoginAttempt.findById(rule.key).lean();
      const live = (doc?.attempts ?? []).filter((a) => a.at.getTime() > cutoff.getTime());
      if (live.length >= rule.limit) {
        const oldest = Math.min(...live.map((a) => a.at.getTime()));
        const retryAfterSeconds = Math.max(
          1,
          Math.ceil((oldest + windowMs - now.getTime()) / 1000),
        );
        throw AppError.of('RATE_LIMITED', '登录尝试过于频繁，请稍后再试', { retryAfterSeconds });
      }
    }
    throw AppError.of('RATE_LIMITED', '登录尝试过于频繁，请稍后再试', { retryAfterSeconds: 1 });
  }
}
