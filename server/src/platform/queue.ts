import { type Connection, Schema, type Types } from 'mongoose';
import type { Core } from '../core';
import { AppError } from '../lib/errors';
import { isDuplicateKey } from '../lib/mongo-errors';

export type QueueStatus = 'pending' | 'running' | 'done' | 'failed';

export interface QueueDoc {
  _id: Types.ObjectId;
  kind: string;
  /** Unique: a second enqueue with the same key is a duplicate (or a re-arm, when asked). */
  key: string;
  payload: Record<string, unknown>;
  status: QueueStatus;
  attempts: number;
  /** Bumped by every re-arm, so a run that started before a re-arm cannot mark it done. */
  seq: number;
  runAfter: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  doneAt: Date | null;
  /** Set when done: the TTL index removes finished items after the retention period. */
  expireAt?: Date | null;
}

const schema = new Schema<QueueDoc>(
  {
    kind: { type: String, required: true },
    key: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    seq: { type: Number, default: 0 },
    runAfter: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
    expireAt: { type: Date, default: null },
  },
  { collection: 'work_queue', versionKey: false, minimize: false },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ kind: 1, status: 1, runAfter: 1 });
schema.index({ status: 1, runAfter: 1 });
schema.index({ status: 1, leaseUntil: 1 });
// Done items stay a week (replays within it are still recognised as duplicates by key), then
// go; failed ones stay until someone looks at them.
schema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

/** Due items read per poll to find the kinds to wake. */
const POLL_PAGE = 1_000;

export const DONE_RETENTION_MS = 7 * 86_400_000;

export interface KindOptions {
  maxAttempts?: number;
  /** Items of this kind run at once in this process. */
  concurrency?: number;
  leaseMs?: number;
}

type Handler = (payload: Record<string, unknown>, doc: QueueDoc) => Promise<void>;

const BACKOFF_MS = [2_000, 10_000, 60_000, 300_000, 1_800_000];

/**
 * How long an upstream said to stay away: a `rate_limited` AppError with `details.retryAfterMs`
 * (WeCom blocks an API 60 s or an hour after 45009). Retrying sooner only burns attempts.
 */
export function retryAfterOf(err: unknown): number | null {
  if (!(err instanceof AppError) || err.type !== 'rate_limited') return null;
  const ms = (err.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? ms : null;
}

/**
 * A durable work queue in one collection: an item is written before anyone acts on it, claimed
 * with a conditional update that takes a lease (an expired lease — a crashed worker — is taken
 * over), retried with backoff and kept as `failed` after the last attempt. Items survive
 * restarts; the poll picks them up again.
 */
export class DurableQueue {
  readonly Item;
  private readonly kinds = new Map<string, { handler: Handler; opts: Required<KindOptions> }>();
  private readonly loops = new Map<string, Promise<void>>();
  /** Kinds told to wait (rate limited upstream): not claimed in this process until then. */
  private readonly pausedUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly core: Core) {
    this.Item = core.conn.models.WorkQueue ?? (core.conn as Connection).model('WorkQueue', schema);
    core.onClose(() => this.stop());
  }

  handle(kind: string, handler: Handler, opts: KindOptions = {}): void {
    this.kinds.set(kind, {
      handler,
      opts: { maxAttempts: 6, concurrency: 1, leaseMs: 60_000, ...opts },
    });
  }

  /** Polls for due items (also those left over by a previous process) every `pollMs`. */
  start(pollMs = 1000): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      this.kickDue().catch((err: unknown) => this.core.logger.error({ err }, 'queue poll failed'));
    }, pollMs);
    this.timer.unref();
    for (const kind of this.kinds.keys()) this.kick(kind);
  }

  /**
   * Wakes the kinds that have due work (two index range scans), instead of a claim per kind
   * every second: with dozens of kinds, idle claims were most of an idle server's queries.
   */
  private async kickDue(): Promise<void> {
    const now = this.core.clock.now();
    const busy = { $nin: [...this.loops.keys()] };
    const [pending, expired] = await Promise.all([
      this.Item.find({ status: 'pending', runAfter: { $lte: now }, kind: busy }, { kind: 1 })
        .limit(POLL_PAGE)
        .lean(),
      this.Item.find({ status: 'running', leaseUntil: { $lte: now }, kind: busy }, { kind: 1 })
        .limit(POLL_PAGE)
        .lean(),
    ]);
    for (const kind of new Set([...pending, ...expired].map((d) => d.kind))) this.kick(kind);
  }

  /**
   * Inserts an item once per key; returns false when the key was queued before. With
   * `kick: false` the background loop is not woken, for a caller that runs it now (`runKey`).
   */
  async enqueue(
    kind: string,
    key: string,
    payload: Record<string, unknown>,
    opts: { kick?: boolean } = {},
  ): Promise<boolean> {
    const now = this.core.clock.now();
    try {
      await this.Item.create({
        kind,
        key,
        payload,
        status: 'pending',
        runAfter: now,
        createdAt: now,
      });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    if (opts.kick !== false) this.kick(kind);
    return true;
  }

  /**
   * Runs one item now, in the caller's flow, if it is still to do (pending, or running under
   * an expired lease). Returns 'done', 'failed' (left for a retry with backoff) or 'skipped'
   * (done already, or another worker holds it).
   */
  async runKey(key: string): Promise<'done' | 'failed' | 'skipped'> {
    const now = this.core.clock.now();
    const doc = await this.Item.findOneAndUpdate(
      {
        key,
        $or: [{ status: 'pending' }, { status: 'running', leaseUntil: { $lte: now } }],
      },
      {
        $set: { status: 'running', leaseUntil: new Date(now.getTime() + 60_000) },
        $inc: { attempts: 1 },
      },
      { returnDocument: 'after' },
    ).lean<QueueDoc>();
    const k = doc && this.kinds.get(doc.kind);
    if (!doc || !k) return 'skipped';
    return this.run(doc, k.handler, k.opts.maxAttempts);
  }

  /** Queues the key again even if done or failed (latest payload wins): for state syncs. */
  async rearm(kind: string, key: string, payload: Record<string, unknown>): Promise<void> {
    const now = this.core.clock.now();
    const set = {
      payload,
      status: 'pending',
      runAfter: now,
      attempts: 0,
      lastError: null,
      expireAt: null,
    };
    try {
      await this.Item.updateOne(
        { key },
        { $set: set, $inc: { seq: 1 }, $setOnInsert: { kind, createdAt: now } },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // a concurrent upsert won; it is pending either way
    }
    this.kick(kind);
  }

  /**
   * Debounced work: queues the key to run after `delayMs` unless it is already waiting, so a
   * burst of triggers makes one run (and a steady stream one run per delay, not one per trigger).
   * A waiting item is only ever moved earlier: "run now" after a debounced trigger runs now.
   */
  async schedule(kind: string, key: string, delayMs: number): Promise<void> {
    const now = this.core.clock.now();
    const runAfter = new Date(now.getTime() + delayMs);
    try {
      await this.Item.updateOne(
        { key, status: { $ne: 'pending' } },
        {
          $set: { status: 'pending', runAfter, attempts: 0, lastError: null, expireAt: null },
          $inc: { seq: 1 },
          $setOnInsert: { kind, payload: {}, createdAt: now },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // it exists and is pending: already scheduled
      await this.Item.updateOne(
        { key, status: 'pending', runAfter: { $gt: runAfter } },
        { $set: { runAfter } },
      );
    }
    if (delayMs === 0) this.kick(kind);
  }

  kick(kind: string): void {
    if (this.stopped || this.loops.has(kind) || !this.kinds.has(kind)) return;
    const loop = this.drain(kind)
      .catch((err: unknown) => this.core.logger.error({ err, kind }, 'queue loop failed'))
      .finally(() => this.loops.delete(kind));
    this.loops.set(kind, loop);
  }

  /** Resolves when no loop is running (items waiting for a retry delay don't count). */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.allSettled([...this.loops.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  counts(kind: string) {
    return this.Item.aggregate<{ _id: QueueStatus; n: number }>([
      { $match: { kind } },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
  }

  private async drain(kind: string): Promise<void> {
    const k = this.kinds.get(kind)!;
    const worker = async () => {
      for (;;) {
        if (this.stopped) return;
        if ((this.pausedUntil.get(kind) ?? 0) > this.core.clock.now().getTime()) return;
        const doc = await this.claim(kind, k.opts.leaseMs);
        if (!doc) return;
        await this.run(doc, k.handler, k.opts.maxAttempts);
      }
    };
    await Promise.all(Array.from({ length: k.opts.concurrency }, worker));
  }

  private async claim(kind: string, leaseMs: number): Promise<QueueDoc | null> {
    const now = this.core.clock.now();
    return this.Item.findOneAndUpdate(
      {
        kind,
        $or: [
          { status: 'pending', runAfter: { $lte: now } },
          { status: 'running', leaseUntil: { $lte: now } },
        ],
      },
      {
        $set: { status: 'running', leaseUntil: new Date(now.getTime() + leaseMs) },
        $inc: { attempts: 1 },
      },
      { sort: { runAfter: 1 }, returnDocument: 'after' },
    ).lean<QueueDoc>();
  }

  private async run(
    doc: QueueDoc,
    handler: Handler,
    maxAttempts: number,
  ): Promise<'done' | 'failed'> {
    const mine = { _id: doc._id, seq: doc.seq, status: 'running' };
    try {
      await handler(doc.payload, doc);
      const now = this.core.clock.now();
      await this.Item.updateOne(mine, {
        $set: {
          status: 'done',
          doneAt: now,
          expireAt: new Date(now.getTime() + DONE_RETENTION_MS),
          leaseUntil: null,
          lastError: null,
        },
      });
      return 'done';
    } catch (err) {
      const lastError = err instanceof Error ? err.message : String(err);
      const pauseMs = retryAfterOf(err);
      if (pauseMs !== null) {
        // Not the item's fault: come back when the upstream allows, without spending an attempt.
        const until = this.core.clock.now().getTime() + pauseMs;
        this.pausedUntil.set(doc.kind, until);
        this.core.logger.warn({ kind: doc.kind, key: doc.key, pauseMs }, 'queue kind paused');
        await this.Item.updateOne(mine, {
          $set: { status: 'pending', leaseUntil: null, lastError, runAfter: new Date(until) },
          $inc: { attempts: -1 },
        });
        return 'failed';
      }
      const final = doc.attempts >= maxAttempts;
      const delay = BACKOFF_MS[Math.min(doc.attempts - 1, BACKOFF_MS.length - 1)]!;
      this.core.logger.warn(
        { kind: doc.kind, key: doc.key, attempts: doc.attempts, final, lastError },
        'queue item failed',
      );
      await this.Item.updateOne(mine, {
        $set: {
          status: final ? 'failed' : 'pending',
          leaseUntil: null,
          lastError,
          runAfter: new Date(this.core.clock.now().getTime() + delay),
        },
      });
      return 'failed';
    }
  }
}
