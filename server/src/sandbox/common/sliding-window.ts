import type { Clock } from './clock';

/** Counts hits per key over a sliding window; the fakes use it for Tencent's frequency limits. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Records a hit and answers whether it was within the limit (rejected hits are not counted). */
  hit(key: string): boolean {
    const now = this.clock.now();
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    this.hits.set(key, list);
    return true;
  }
}
