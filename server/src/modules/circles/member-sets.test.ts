import { Types } from 'mongoose';
import { applied, type Bucket, bucketOf, type Diff } from './member-sets';
import { ID_BYTES, IdIndex, idAt } from './packed';

const pack = (ids: Types.ObjectId[]) => {
  const out = new Uint8Array(ids.length * ID_BYTES);
  ids.forEach((id, i) => {
    out.set(id.id, i * ID_BYTES);
  });
  return out;
};

/** Member id (hex) → entry time, over every bucket. */
const contents = (buckets: Map<number, Bucket>) => {
  const out = new Map<string, number>();
  for (const [b, { ids, since }] of buckets) {
    for (let j = 0; j < since.length; j++) {
      expect(bucketOf(ids, j)).toBe(b);
      out.set(idAt(ids, j).toHexString(), since[j]!);
    }
  }
  return out;
};

const applyAll = (current: Map<number, Bucket>, diff: Diff) => {
  for (const [b, bucket] of applied(current, diff)) {
    if (bucket) current.set(b, bucket);
    else current.delete(b);
  }
  return current;
};

describe('packed memberships', () => {
  const ids = Array.from({ length: 3000 }, () => new Types.ObjectId());
  const t1 = new Date('2026-12-01T00:00:00Z');
  const t2 = new Date('2026-12-02T00:00:00Z');

  it('indexes ids without strings, growing as needed', () => {
    const index = new IdIndex(4);
    for (const [i, id] of ids.entries()) expect(index.add(id.id)).toBe(i);
    for (const [i, id] of ids.entries()) expect(index.get(id.id)).toBe(i);
    expect(index.get(new Types.ObjectId().id)).toBeUndefined();
    expect(idAt(index.ids, 17).equals(ids[17]!)).toBe(true);
  });

  it('applies entries and exits, keeping the entry times of those who stay', () => {
    const first = applyAll(new Map(), { enter: pack(ids.slice(0, 2000)), exit: pack([]), at: t1 });
    const second = applyAll(new Map(first), {
      enter: pack(ids.slice(2000)),
      exit: pack(ids.slice(0, 500)),
      at: t2,
    });
    const got = contents(second);
    expect(got.size).toBe(2500);
    expect(got.get(ids[0]!.toHexString())).toBeUndefined();
    expect(got.get(ids[500]!.toHexString())).toBe(t1.getTime());
    expect(got.get(ids[2999]!.toHexString())).toBe(t2.getTime());
  });

  it('gives the same buckets when a diff is applied again or after a partial apply', () => {
    const base = applyAll(new Map(), { enter: pack(ids.slice(0, 2000)), exit: pack([]), at: t1 });
    const diff = { enter: pack(ids.slice(2000)), exit: pack(ids.slice(0, 1000)), at: t2 };
    const once = applyAll(new Map(base), diff);
    const twice = applyAll(new Map(once), diff);
    expect(contents(twice)).toEqual(contents(once));
    // A killed run wrote half of the buckets it changed.
    const partial = new Map(base);
    [...applied(base, diff)].slice(0, 100).forEach(([b, bucket]) => {
      if (bucket) partial.set(b, bucket);
      else partial.delete(b);
    });
    expect(contents(applyAll(partial, diff))).toEqual(contents(once));
  });
});
