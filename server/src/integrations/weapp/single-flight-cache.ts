export interface Expiring<T> {
  value: T;
  /** Seconds the value stays valid, as Tencent reports it (`expires_in`). */
  expiresIn: number;
}

/**
 * Tencent asks for a refresh margin of 300 s; for short test lifetimes keep at least half.
 */
export function cacheTtlMs(expiresInSec: number): number {
  return Math.max(expiresInSec - 300, expiresInSec / 2) * 1000;
}

/**
 * Caches one credential (access token, jsapi ticket) until shortly before it expires. Concurrent
 * callers share a single in-flight fetch, so a burst of requests costs one upstream call.
 */
export class SingleFlightCache<T> {
  private current: { value: T; until: number } | undefined;
  private inflight: Promise<T> | undefined;

  /** `fetch(force)`: `force` is true for a refresh after the upstream rejected the value. */
  constructor(
    private readonly fetch: (force: boolean) => Promise<Expiring<T>>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.current && this.current.until > this.now()) return Promise.resolve(this.current.value);
    return this.start(false);
  }

  /**
   * Replaces `stale` after the upstream refused it, once for all callers that saw it fail: a
   * value fetched meanwhile by someone else is returned as is, a fetch in flight is joined.
   * `force` asks the source for a brand-new value (stable_token's force_refresh).
   */
  refresh(stale: T, force = false): Promise<T> {
    if (this.current && this.current.value !== stale && this.current.until > this.now()) {
      return Promise.resolve(this.current.value);
    }
    if (this.current?.value === stale) this.current = undefined;
    return this.start(force);
  }

  /**
   * Drops the cached value if it is still `stale`. Many requests that failed with the same old
   * token thus cause one refresh, and a token fetched meanwhile by someone else is kept.
   */
  invalidate(stale?: T): void {
    if (!this.current) return;
    if (stale === undefined || this.current.value === stale) this.current = undefined;
  }

  private start(force: boolean): Promise<T> {
    if (!this.inflight) {
      this.inflight = this.fetch(force)
        .then((r) => {
          this.current = { value: r.value, until: this.now() + cacheTtlMs(r.expiresIn) };
          return r.value;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }
}
