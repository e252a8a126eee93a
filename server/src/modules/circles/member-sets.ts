import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Types } from 'mongoose';
import type { CircleMemberSetDoc, CircleModels } from './circles.model';
import {
  bytesOf,
  compareAt,
  hashAt,
  ID_BYTES,
  IdIndex,
  idBytes,
  packIds,
  packTimes,
  timeAt,
  unpackTimes,
} from './packed';

type Id = Types.ObjectId;

/**
 * Buckets per circle. Fixed (a member's bucket must not move): at 1M members a full circle
 * holds ~1,000 ids (20 KB) per bucket, so a member's circles are one indexed read of a few
 * small binaries, and a run rewrites at most 1,024 documents per circle.
 */
export const BUCKETS = 1024;

export const bucketOf = (ids: Uint8Array, i: number) => hashAt(ids, i) % BUCKETS;

/** One bucket of a circle: its member ids (12 bytes each) and their entry times. */
export interface Bucket {
  ids: Uint8Array;
  since: Float64Array;
}

/** Entries and exits of a circle in one run, as packed ids. */
export interface Diff {
  enter: Uint8Array;
  exit: Uint8Array;
  /** When the entries entered (the run that recorded them). */
  at: Date;
}

/** A circle's members in listing order: newest entries first. */
export interface Listed {
  n: number;
  ids: Uint8Array;
  since: Float64Array;
}

const count = (ids: Uint8Array) => ids.byteLength / ID_BYTES;

/** Reads and writes the packed memberships (circle_member_sets). */
export class MemberSets {
  /** Written through the driver: mongoose would cast every binary on the way. */
  private readonly coll: Collection<CircleMemberSetDoc>;

  constructor(private readonly m: CircleModels) {
    this.coll = m.MemberSet.collection as unknown as Collection<CircleMemberSetDoc>;
  }

  /** Every bucket of a circle. */
  async read(circleId: string): Promise<Map<number, Bucket>> {
    const rows = await this.m.MemberSet.find({ circleId }).lean();
    const out = new Map<number, Bucket>();
    for (const r of rows) out.set(r.bucket, { ids: bytesOf(r.ids), since: unpackTimes(r.since) });
    return out;
  }

  /**
   * A circle's members, newest entries first (ties in bucket order, so pages are stable).
   * Entry times are the runs' times, few distinct values: a counting pass orders a million
   * members without a comparison sort.
   */
  async listed(circleId: string): Promise<Listed> {
    const buckets = [...(await this.read(circleId))].sort((a, b) => a[0] - b[0]);
    const perTime = new Map<number, number>();
    for (const [, b] of buckets) for (const t of b.since) perTime.set(t, (perTime.get(t) ?? 0) + 1);
    const next = new Map<number, number>();
    let n = 0;
    for (const t of [...perTime.keys()].sort((a, b) => b - a)) {
      next.set(t, n);
      n += perTime.get(t)!;
    }
    const ids = new Uint8Array(n * ID_BYTES);
    const since = new Float64Array(n);
    for (const [, b] of buckets) {
      for (let j = 0; j < b.since.length; j++) {
        const t = b.since[j]!;
        const k = next.get(t)!;
        next.set(t, k + 1);
        ids.set(idSlice(b.ids, j), k * ID_BYTES);
        since[k] = t;
      }
    }
    return { n, ids, since };
  }

  /** The circles a member is in, with their entry times (one indexed read of one bucket). */
  async of(memberId: Id): Promise<Array<{ circleId: string; since: Date }>> {
    const id = idBytes(memberId);
    const rows = await this.m.MemberSet.find({ bucket: bucketOf(id, 0) }).lean();
    const out: Array<{ circleId: string; since: Date }> = [];
    for (const r of rows) {
      const ids = bytesOf(r.ids);
      for (let j = 0; j < r.n; j++) {
        if (compareAt(ids, j, id, 0) !== 0) continue;
        out.push({ circleId: r.circleId, since: new Date(timeAt(r.since, j)) });
        break;
      }
    }
    return out;
  }

  /**
   * Applies a diff (see `applied`) and writes the buckets it changed; `current` is updated in
   * place. Returns the circle's new size.
   */
  async apply(circleId: string, current: Map<number, Bucket>, diff: Diff): Promise<number> {
    const ops: AnyBulkWriteOperation<CircleMemberSetDoc>[] = [];
    for (const [b, bucket] of applied(current, diff)) {
      const _id = `${circleId}:${b}`;
      if (bucket) {
        current.set(b, bucket);
        const { ids, since } = bucket;
        const doc = {
          _id,
          circleId,
          bucket: b,
          n: count(ids),
          ids: packIds(ids),
          since: packTimes(since),
        };
        ops.push({ replaceOne: { filter: { _id }, replacement: doc, upsert: true } });
      } else {
        current.delete(b);
        ops.push({ deleteOne: { filter: { _id } } });
      }
    }
    for (let i = 0; i < ops.length; i += 256) {
      await this.coll.bulkWrite(ops.slice(i, i + 256), { ordered: false });
    }
    let size = 0;
    for (const bucket of current.values()) size += count(bucket.ids);
    return size;
  }
}

/**
 * The buckets a diff changes (null: now empty): leavers and (re-)entrants are taken out, then
 * the entrants appended with the diff's time. The same diff applied again, or over buckets a
 * killed run wrote only some of, gives the same buckets.
 */
export function applied(current: Map<number, Bucket>, diff: Diff): Map<number, Bucket | null> {
  const touched = new Map<number, { out: IdIndex; in: number[] }>();
  const slot = (b: number) => {
    let t = touched.get(b);
    if (!t) {
      t = { out: new IdIndex(16), in: [] };
      touched.set(b, t);
    }
    return t;
  };
  for (let j = 0; j < count(diff.exit); j++) {
    slot(bucketOf(diff.exit, j)).out.add(idSlice(diff.exit, j));
  }
  for (let j = 0; j < count(diff.enter); j++) {
    const t = slot(bucketOf(diff.enter, j));
    t.out.add(idSlice(diff.enter, j));
    t.in.push(j);
  }
  const at = diff.at.getTime();
  const out = new Map<number, Bucket | null>();
  for (const [b, t] of touched) {
    const old = current.get(b) ?? { ids: new Uint8Array(0), since: new Float64Array(0) };
    const keep: number[] = [];
    for (let j = 0; j < count(old.ids); j++) {
      if (t.out.get(idSlice(old.ids, j)) === undefined) keep.push(j);
    }
    const n = keep.length + t.in.length;
    const ids = new Uint8Array(n * ID_BYTES);
    const since = new Float64Array(n);
    keep.forEach((j, k) => {
      ids.set(idSlice(old.ids, j), k * ID_BYTES);
      since[k] = old.since[j]!;
    });
    t.in.forEach((j, k) => {
      ids.set(idSlice(diff.enter, j), (keep.length + k) * ID_BYTES);
      since[keep.length + k] = at;
    });
    out.set(b, n ? { ids, since } : null);
  }
  return out;
}

const idSlice = (ids: Uint8Array, j: number) => ids.subarray(j * ID_BYTES, (j + 1) * ID_BYTES);
