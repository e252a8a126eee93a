import { AppError } from '../../lib/errors';

export interface TokenBucketOptions {
  /** Sustained calls per second. */
  ratePerSec: number;
  /** Burst size. */
  capacity: number;
  /** A caller that would wait longer than this gets a 429 instead (default 30 s). */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A token bucket that reserves a slot per call: callers queue in arrival order by sleeping
 * off the deficit, so a burst spreads out instead of hitting WeCom's limit (45009).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: TokenBucketOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    this.tokens = opts.capacity;
    this.updatedAt = this.now();
  }

  /** Waits for a slot; throws 429 RATE_LIMITED when the wait would exceed `maxWaitMs`. */
  async acquire(): Promise<void> {
    const now = this.now();
    this.tokens = Math.min(
      this.opts.capacity,
      this.tokens + ((now - this.updatedAt) / 1000) * this.opts.ratePerSec,
    );
    this.updatedAt = now;
    const waitMs = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.opts.ratePerSec) * 1000;
    if (waitMs > (this.opts.maxWaitMs ?? 30_000)) {
      throw new AppError('rate_limited', 'RATE_LIMITED', 'WeCom call budget exhausted', {
        retryAfterMs: Math.ceil(waitMs),
      });
    }
    this.tokens -= 1;
    if (waitMs > 0) await this.sleep(waitMs);
  }
}

/** One bucket per API path, created on first use. */
export class PerApiRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly opts: TokenBucketOptions) {}

  acquire(api: string): Promise<void> {
    let bucket = this.buckets.get(api);
    if (!bucket) {
      bucket = new TokenBucket(this.opts);
      this.buckets.set(api, bucket);
    }
    return bucket.acquire();
  }
}

/** What the transport needs from a rate limiter: one per process, or shared through MongoDB. */
export interface WeComRateLimiter {
  /** Waits for a slot; throws 429 RATE_LIMITED while the API is cooling down or over budget. */
  acquire(api: string): Promise<void>;
  /** Records a 45009 answer: blocks the API for the cooldown it returns (ms). */
  penalize(api: string): Promise<number>;
}

export interface Block {
  until: number;
  strikes: number;
}

// 访问频率限制 (https://developer.work.weixin.qq.com/document/path/90454): "按分钟拦截则被屏蔽
// 60秒，按小时拦截则被屏蔽60分钟". A 45009 is a minute block; another one within a minute of
// that block ending means the hourly quota is gone, so the next block lasts an hour.
export const MINUTE_BLOCK_MS = 60_000;
export const HOUR_BLOCK_MS = 3_600_000;

export function nextBlock(previous: Block | undefined, now: number): Block {
  const escalate = previous !== undefined && now - previous.until < MINUTE_BLOCK_MS;
  const strikes = escalate ? previous.strikes + 1 : 1;
  return { until: now + (strikes >= 2 ? HOUR_BLOCK_MS : MINUTE_BLOCK_MS), strikes };
}

export function coolingDown(api: string, retryAfterMs: number): AppError {
  return new AppError('rate_limited', 'RATE_LIMITED', `WeCom ${api} is over its call limit`, {
    retryAfterMs: Math.ceil(retryAfterMs),
  });
}

/** This process only: a token bucket per API plus the 45009 cooldowns. */
export class LocalRateLimiter implements WeComRateLimiter {
  private readonly buckets: PerApiRateLimiter;
  private readonly blocks = new Map<string, Block>();
  private readonly now: () => number;

  constructor(opts: TokenBucketOptions) {
    this.buckets = new PerApiRateLimiter(opts);
    this.now = opts.now ?? Date.now;
  }

  acquire(api: string): Promise<void> {
    const block = this.blocks.get(api);
    const left = block ? block.until - this.now() : 0;
    if (left > 0) return Promise.reject(coolingDown(api, left));
    return this.buckets.acquire(api);
  }

  async penalize(api: string): Promise<number> {
    const now = this.now();
    const block = nextBlock(this.blocks.get(api), now);
    this.blocks.set(api, block);
    return block.until - now;
  }
}
