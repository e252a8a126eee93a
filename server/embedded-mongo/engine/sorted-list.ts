/**
 * An ordered multiset kept as a list of sorted chunks: O(log n) search and cheap inserts
 * (a splice touches one chunk of at most 2×LOAD entries), which is all an index needs.
 */
const LOAD = 256;

export class SortedList<T> {
  private chunks: T[][] = [];
  private size = 0;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get length(): number {
    return this.size;
  }

  /** Index of the first chunk whose last entry is not below the probe (probe(e) < 0: e is below). */
  private chunkFor(probe: (e: T) => number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.chunks[mid];
      if (probe(c[c.length - 1]) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerIn<T>(chunk: T[], probe: (e: T) => number): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (probe(chunk[mid]) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first chunk whose last entry is not below v. */
  private chunkOf(v: T): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.chunks[mid];
      if (this.cmp(c[c.length - 1], v) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerOf(chunk: T[], v: T): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmp(chunk[mid], v) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // insert/delete search by value rather than through a probe closure: they are the hot path
  insert(v: T): void {
    this.size++;
    if (this.chunks.length === 0) {
      this.chunks.push([v]);
      return;
    }
    let ci = this.chunkOf(v);
    if (ci === this.chunks.length) ci--;
    const chunk = this.chunks[ci];
    const pos = this.lowerOf(chunk, v);
    if (pos === chunk.length) chunk.push(v);
    else chunk.splice(pos, 0, v);
    if (chunk.length > 2 * LOAD) this.chunks.splice(ci + 1, 0, chunk.splice(LOAD));
  }

  /** The first entry not below v. */
  ceiling(v: T): T | undefined {
    const ci = this.chunkOf(v);
    if (ci === this.chunks.length) return undefined;
    const chunk = this.chunks[ci];
    return chunk[this.lowerOf(chunk, v)];
  }

  /** Removes one entry comparing equal to v; returns whether it was found. */
  delete(v: T): boolean {
    const ci = this.chunkOf(v);
    if (ci === this.chunks.length) return false;
    const chunk = this.chunks[ci];
    const pos = this.lowerOf(chunk, v);
    if (pos >= chunk.length || this.cmp(chunk[pos], v) !== 0) return false;
    chunk.splice(pos, 1);
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    this.size--;
    return true;
  }

  /** Iterates in order from the first entry e with probe(e) >= 0. */
  *from(probe: (e: T) => number): Generator<T> {
    let ci = this.chunkFor(probe);
    if (ci === this.chunks.length) return;
    let pos = SortedList.lowerIn(this.chunks[ci], probe);
    for (; ci < this.chunks.length; ci++, pos = 0) {
      const chunk = this.chunks[ci];
      for (; pos < chunk.length; pos++) yield chunk[pos];
    }
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Replaces the contents with entries already in order (bulk index builds). */
  loadSorted(entries: T[]): void {
    this.chunks = [];
    for (let i = 0; i < entries.length; i += LOAD) this.chunks.push(entries.slice(i, i + LOAD));
    this.size = entries.length;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
