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

  constructor(
    private readonly fetch: () => Promise<Expiring<T>>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.current && this.current.until > this.now()) return Promise.resolve(this.current.value);
    if (!this.inflight) {
      this.inflight = this.fetch()
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

  /**
   * Drops the cached value if it is still `stale`. Many requests that failed with the same old
   * token thus cause one refresh, and a token fetched meanwhile by someone else is kept.
   */
  invalidate(stale?: T): void {
    if (!this.current) return;
    if (stale === undefined || this.current.value === stale) this.current = undefined;
  }
}
