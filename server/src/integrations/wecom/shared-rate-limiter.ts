import type { Connection } from 'mongoose';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import {
  type Block,
  coolingDown,
  type LocalRateLimiter,
  nextBlock,
  type WeComRateLimiter,
} from './rate-limiter';

export interface SharedRateLimiterOptions {
  /** Per corp per API; WeCom allows 10 000/min and 150 000/hour, keep some headroom. */
  perMinute?: number;
  perHour?: number;
  /** A caller that would wait longer than this for the next minute gets a 429 (default 30 s). */
  maxWaitMs?: number;
  /** How long a cooldown read from the database is trusted before reading it again. */
  blockCacheMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  collection?: string;
}

interface LimitDoc {
  _id: string;
  n?: number;
  until?: Date;
  strikes?: number;
  expiresAt: Date;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * WeCom counts calls per corp, not per server, so the budget lives in MongoDB: one counter
 * document per API per minute and per hour (`$inc`, single-document atomic), and one cooldown
 * document per API written when WeCom answers 45009. Every instance reads the same documents.
 * The local limiter still smooths bursts within this process. If the database fails, the local
 * limiter alone decides (logged), so a database hiccup does not stop WeCom calls.
 */
export class SharedRateLimiter implements WeComRateLimiter {
  private readonly blockCache = new Map<string, { block: Block | undefined; readAt: number }>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private indexed: Promise<unknown> | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly local: LocalRateLimiter,
    private readonly opts: SharedRateLimiterOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
  }

  async acquire(api: string): Promise<void> {
    await this.local.acquire(api);
    try {
      await this.checkShared(api);
    } catch (e) {
      if (e instanceof AppError) throw e;
      this.opts.logger?.warn({ err: e, api }, 'shared WeCom rate limit unavailable, local only');
    }
  }

  async penalize(api: string): Promise<number> {
    const now = this.now();
    let block = nextBlock(undefined, now);
    try {
      const previous = await this.readBlock(api, true);
      block = nextBlock(previous, now);
      await this.col().updateOne(
        { _id: `block:${api}` },
        {
          $set: {
            until: new Date(block.until),
            strikes: block.strikes,
            expiresAt: new Date(block.until + 3_600_000),
          },
        },
        { upsert: true },
      );
      this.blockCache.set(api, { block, readAt: now });
    } catch (e) {
      this.opts.logger?.warn({ err: e, api }, 'could not share a WeCom cooldown');
    }
    await this.local.penalize(api);
    return block.until - now;
  }

  private async checkShared(api: string): Promise<void> {
    const block = await this.readBlock(api, false);
    if (block && block.until > this.now()) throw coolingDown(api, block.until - this.now());
    for (let attempt = 0; ; attempt++) {
      const now = this.now();
      const minute = Math.floor(now / 60_000);
      const perMinute = await this.count(`min:${api}:${minute}`, (minute + 2) * 60_000);
      if (perMinute <= (this.opts.perMinute ?? 9_000)) break;
      const wait = (minute + 1) * 60_000 - now;
      if (attempt > 0 || wait > (this.opts.maxWaitMs ?? 30_000)) throw coolingDown(api, wait);
      await this.sleep(wait);
    }
    const now = this.now();
    const hour = Math.floor(now / 3_600_000);
    const perHour = await this.count(`hour:${api}:${hour}`, (hour + 2) * 3_600_000);
    if (perHour > (this.opts.perHour ?? 140_000)) {
      throw coolingDown(api, (hour + 1) * 3_600_000 - now);
    }
  }

  private async count(id: string, expiresAtMs: number): Promise<number> {
    await this.ensureIndex();
    const doc = await this.col().findOneAndUpdate(
      { _id: id },
      { $inc: { n: 1 }, $setOnInsert: { expiresAt: new Date(expiresAtMs) } },
      { upsert: true, returnDocument: 'after' },
    );
    return doc?.n ?? 1;
  }

  private async readBlock(api: string, fresh: boolean): Promise<Block | undefined> {
    const cached = this.blockCache.get(api);
    const now = this.now();
    if (!fresh && cached && now - cached.readAt < (this.opts.blockCacheMs ?? 2_000)) {
      return cached.block;
    }
    const doc = await this.col().findOne({ _id: `block:${api}` });
    const block =
      doc?.until instanceof Date
        ? { until: doc.until.getTime(), strikes: doc.strikes ?? 1 }
        : undefined;
    this.blockCache.set(api, { block, readAt: now });
    return block;
  }

  private col() {
    return this.conn.collection<LimitDoc>(this.opts.collection ?? 'integration_rate_limits');
  }

  /** Expired counters and cooldowns are removed by a TTL index (best effort). */
  private ensureIndex(): Promise<unknown> {
    this.indexed ??= this.col()
      .createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })
      .catch(() => undefined);
    return this.indexed;
  }
}
