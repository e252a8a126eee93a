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
