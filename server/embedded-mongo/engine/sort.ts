import type { Doc } from './compare';
import { type SortSpec, sortKey, valueComparator } from './paths';
import type { Work } from './slice';

/** Runs sorted natively before merging; small enough to sort within one slice. */
const RUN = 1024;
/** Elements handled between yields. */
const STEP = 1024;

/**
 * `sortDocs` as interruptible work: keys are extracted, runs sorted, then merged bottom-up,
 * yielding every STEP elements, so sorting a large result never holds the event loop for
 * long. Stable, like `sortDocs`: ties keep their input order. It sorts positions in typed
 * arrays over one flat key array: few allocations, so little garbage-collection pausing.
 */
export function* sortDocsWork(docs: Doc[], spec: SortSpec, collator?: Intl.Collator): Work<Doc[]> {
  if (spec.length === 0) return docs;
  const cmp = valueComparator(collator);
  const n = docs.length;
  const m = spec.length;
  const keys: unknown[] = new Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) keys[i * m + j] = sortKey(docs[i], spec[j][0], spec[j][1], cmp);
    if (i % STEP === STEP - 1) yield;
  }
  const dirs = spec.map(([, dir]) => dir);
  const order = (a: number, b: number): number => {
    for (let j = 0; j < m; j++) {
      const c = cmp(keys[a * m + j], keys[b * m + j]);
      if (c !== 0) return c * dirs[j];
    }
    return a - b;
  };
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  for (let lo = 0; lo < n; lo += RUN) {
    src.subarray(lo, lo + RUN).sort(order);
    yield;
  }
  let dst = new Uint32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    let steps = 0;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = order(src[j], src[i]) < 0 ? src[j++] : src[i++];
        if (++steps % STEP === 0) yield;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  const out: Doc[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = docs[src[i]];
  return out;
}
