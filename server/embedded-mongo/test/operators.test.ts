import { ObjectId } from 'bson';
import { openSuite, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

/** The union of the fields the collections in this file use. */
interface Loose {
  _id?: number | ObjectId;
  scores?: number[];
  q?: string[];
  coupons?: { code: string; used: boolean }[];
  lines?: { qty: number; big?: boolean }[];
  log?: number[];
  items?: { k: string }[];
  n?: number;
  i?: number;
  k?: number;
  at?: Date;
  m?: { rank: number };
  ref?: string | null;
  v?: unknown;
  seen?: boolean;
  hits?: number;
}
const coll = (name: string) => s.conn.db!.collection<Loose>(name);

describe('array update modifiers', () => {
  it('applies $push with $each/$sort/$slice/$position, $pop and $pullAll', async () => {
    const c = coll('arr_mod');
    await c.insertOne({ _id: 1, scores: [5, 1], q: ['a', 'b', 'c', 'b'] });
    await c.updateOne({ _id: 1 }, { $push: { scores: { $each: [9, 3], $sort: -1, $slice: 3 } } });
    await c.updateOne({ _id: 1 }, { $push: { q: { $each: ['z'], $position: 0 } } });
    await c.updateOne({ _id: 1 }, { $pop: { scores: 1 } });
    await c.updateOne({ _id: 1 }, { $pullAll: { q: ['b'] } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, scores: [9, 5], q: ['z', 'a', 'c'] });
  });

  it('pulls embedded documents matching a condition', async () => {
    const c = coll('arr_pull');
    await c.insertOne({
      _id: 1,
      coupons: [
        { code: 'A', used: true },
        { code: 'B', used: false },
        { code: 'C', used: true },
      ],
    });
    await c.updateOne({ _id: 1 }, { $pull: { coupons: { used: true } } });
    expect((await c.findOne({ _id: 1 }))?.coupons).toEqual([{ code: 'B', used: false }]);
  });

  it('updates every matching element with $[] and keeps others with $[id]', async () => {
    const c = coll('arr_all');
    await c.insertOne({ _id: 1, lines: [{ qty: 1 }, { qty: 2 }, { qty: 3 }] });
    await c.updateOne({ _id: 1 }, { $inc: { 'lines.$[].qty': 10 } });
    await c.updateOne(
      { _id: 1 },
      { $set: { 'lines.$[big].big': true } },
      { arrayFilters: [{ 'big.qty': { $gte: 12 } }] },
    );
    expect((await c.findOne({ _id: 1 }))?.lines).toEqual([
      { qty: 11 },
      { qty: 12, big: true },
      { qty: 13, big: true },
    ]);
  });
});

describe('queries', () => {
  it('pages by _id ranges in ObjectId order', async () => {
    const c = coll('paging');
    const ids = Array.from(
      { length: 25 },
      (_, i) => new ObjectId(i.toString(16).padStart(24, '0')),
    );
    await c.insertMany([...ids].reverse().map((_id, i) => ({ _id, i })));
    const pages: number[] = [];
    let after: ObjectId | undefined;
    for (;;) {
      const page = await c
        .find(after ? { _id: { $gt: after } } : {})
        .sort({ _id: 1 })
        .limit(10)
        .toArray();
      if (page.length === 0) break;
      pages.push(page.length);
      after = page[page.length - 1]._id as ObjectId;
    }
    expect(pages).toEqual([10, 10, 5]);
  });

  it('matches dates by range and sorts by a nested field', async () => {
    const c = coll('dates');
    const day = (d: number) => new Date(Date.UTC(2024, 4, d));
    await c.insertMany([
      { n: 1, at: day(1), m: { rank: 3 } },
      { n: 2, at: day(5), m: { rank: 1 } },
      { n: 3, at: day(9), m: { rank: 2 } },
    ]);
    const inRange = await c
      .find({ at: { $gte: day(2), $lt: day(10) } })
      .sort({ 'm.rank': 1 })
      .toArray();
    expect(inRange.map((d) => d.n)).toEqual([2, 3]);
  });

  it('finds missing fields through a sparse index only via a scan', async () => {
    const c = coll('sparse_null');
    await c.createIndex({ ref: 1 }, { sparse: true });
    await c.insertMany([{ n: 1, ref: 'x' }, { n: 2 }, { n: 3, ref: null }]);
    const nulls = await c.find({ ref: null }).sort({ n: 1 }).toArray();
    expect(nulls.map((d) => d.n)).toEqual([2, 3]);
    expect(await c.countDocuments({ ref: { $exists: false } })).toBe(1);
  });

  it('projects array elements with $slice and $elemMatch', async () => {
    const c = coll('proj_arr');
    await c.insertOne({ _id: 1, log: [1, 2, 3, 4], items: [{ k: 'a' }, { k: 'b' }] });
    const doc = await c.findOne(
      { _id: 1 },
      { projection: { log: { $slice: -2 }, items: { $elemMatch: { k: 'b' } } } },
    );
    expect(doc).toEqual({ _id: 1, log: [3, 4], items: [{ k: 'b' }] });
  });

  it('orders mixed types the way MongoDB does', async () => {
    const c = coll('mixed');
    await c.insertMany([
      { n: 1, v: 'str' },
      { n: 2, v: 10 },
      { n: 3, v: null },
      { n: 4, v: new Date(0) },
      { n: 5, v: true },
      { n: 6, v: { a: 1 } },
    ]);
    const order = (await c.find().sort({ v: 1 }).toArray()).map((d) => d.n);
    expect(order).toEqual([3, 2, 1, 6, 5, 4]);
  });
});

describe('bulk writes', () => {
  it('runs mixed bulkWrite operations and reports each count', async () => {
    const c = coll('bulk');
    await c.insertMany([{ k: 1 }, { k: 2 }]);
    const res = await c.bulkWrite([
      { insertOne: { document: { k: 3 } } },
      { updateOne: { filter: { k: 1 }, update: { $set: { seen: true } } } },
      { updateMany: { filter: { k: { $gte: 2 } }, update: { $inc: { hits: 1 } } } },
      { deleteOne: { filter: { k: 2 } } },
      { replaceOne: { filter: { k: 9 }, replacement: { k: 9 }, upsert: true } },
    ]);
    expect(res.insertedCount).toBe(1);
    expect(res.matchedCount).toBe(3);
    expect(res.modifiedCount).toBe(3);
    expect(res.deletedCount).toBe(1);
    expect(res.upsertedCount).toBe(1);
    expect(await c.countDocuments()).toBe(3);
  });
});
