import { Schema, Types } from 'mongoose';
import { openSuite, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

const memberSchema = new Schema(
  {
    memberNo: { type: String, required: true, unique: true },
    name: String,
    points: { type: Number, default: 0 },
    tags: [String],
    address: { city: String, zip: String },
    orders: [{ sku: String, qty: Number, priceFen: Number }],
    joinedAt: Date,
  },
  { timestamps: true },
);

describe('CRUD through mongoose', () => {
  const Member = () => s.conn.models.Member ?? s.conn.model('Member', memberSchema);

  beforeEach(async () => {
    await Member().init();
    await Member().deleteMany({});
  });

  it('creates, reads back and keeps BSON types (ObjectId, Date, nested, arrays)', async () => {
    const joinedAt = new Date('2024-01-02T03:04:05.678Z');
    const created = await Member().create({
      memberNo: 'M1',
      name: '张三',
      tags: ['vip', 'new'],
      address: { city: '上海', zip: '200000' },
      joinedAt,
    });
    const found = await Member().findById(created._id).lean();
    expect(found?._id).toBeInstanceOf(Types.ObjectId);
    expect(found?._id.equals(created._id)).toBe(true);
    expect(found?.joinedAt).toEqual(joinedAt);
    expect(found?.name).toBe('张三');
    expect(found?.address).toEqual({ city: '上海', zip: '200000' });
    expect(found?.tags).toEqual(['vip', 'new']);
    expect(Object.keys(found as object)[0]).toBe('_id');
  });

  it('filters with comparison, logical, array and element operators', async () => {
    await Member().insertMany([
      { memberNo: 'A', points: 10, tags: ['vip'], address: { city: 'SH' } },
      { memberNo: 'B', points: 20, tags: ['new', 'vip'], address: { city: 'BJ' } },
      { memberNo: 'C', points: 30, tags: [], orders: [{ sku: 'x', qty: 2 }] },
      { memberNo: 'D', points: 40, name: 'dee' },
    ]);
    const nos = async (filter: object) =>
      (await Member().find(filter).sort({ memberNo: 1 }).lean()).map((m) => m.memberNo);
    expect(await nos({ points: { $gt: 10, $lte: 30 } })).toEqual(['B', 'C']);
    expect(await nos({ points: { $in: [10, 40] } })).toEqual(['A', 'D']);
    expect(await nos({ points: { $nin: [10, 40] } })).toEqual(['B', 'C']);
    expect(await nos({ tags: 'vip' })).toEqual(['A', 'B']);
    expect(await nos({ tags: { $all: ['vip', 'new'] } })).toEqual(['B']);
    // mongoose defaults array paths to [], so D has an empty tags array too
    expect(await nos({ tags: { $size: 0 } })).toEqual(['C', 'D']);
    expect(await nos({ name: { $exists: true } })).toEqual(['D']);
    expect(await nos({ name: null })).toEqual(['A', 'B', 'C']);
    expect(await nos({ 'address.city': 'BJ' })).toEqual(['B']);
    expect(await nos({ $or: [{ points: 10 }, { name: 'dee' }] })).toEqual(['A', 'D']);
    expect(await nos({ $and: [{ points: { $gte: 20 } }, { points: { $ne: 30 } }] })).toEqual([
      'B',
      'D',
    ]);
    expect(await nos({ points: { $not: { $gt: 15 } } })).toEqual(['A']);
    expect(await nos({ orders: { $elemMatch: { sku: 'x', qty: { $gte: 2 } } } })).toEqual(['C']);
    expect(await nos({ memberNo: { $regex: '^[AB]$' } })).toEqual(['A', 'B']);
    expect(await nos({ $expr: { $gt: ['$points', 25] } })).toEqual(['C', 'D']);
  });

  it('sorts, skips, limits and projects like find does', async () => {
    await Member().insertMany(
      ['E', 'A', 'D', 'B', 'C'].map((no, i) => ({ memberNo: no, points: i % 2, name: `n${no}` })),
    );
    const page = await Member()
      .find({}, { memberNo: 1, points: 1 })
      .sort({ points: -1, memberNo: 1 })
      .skip(1)
      .limit(2)
      .lean();
    expect(page.map((m) => [m.memberNo, m.points])).toEqual([
      ['B', 1],
      ['C', 0],
    ]);
    expect(Object.keys(page[0]).sort()).toEqual(['_id', 'memberNo', 'points']);
    const excluded = await Member().findOne({ memberNo: 'A' }, { name: 0, _id: 0 }).lean();
    expect(excluded).not.toHaveProperty('name');
    expect(excluded).not.toHaveProperty('_id');
    expect(excluded?.memberNo).toBe('A');
  });

  it('applies update operators: $set $unset $inc $mul $min $max $push $addToSet $pull $rename', async () => {
    const m = await Member().create({ memberNo: 'U', points: 5, tags: ['a'] });
    const raw = s.conn.db!.collection<{
      tags: string[];
      points: number;
      address?: object;
      top?: number;
      worst?: number;
      touchedAt?: Date;
    }>(Member().collection.collectionName);
    await raw.updateOne(
      { _id: m._id },
      {
        $set: { 'address.city': 'GZ' },
        $inc: { points: 3 },
        $push: { tags: 'b' },
        $unset: { name: '' },
      },
    );
    await raw.updateOne(
      { _id: m._id },
      { $addToSet: { tags: { $each: ['a', 'c'] } }, $mul: { points: 2 } },
    );
    await raw.updateOne(
      { _id: m._id },
      { $pull: { tags: 'b' }, $max: { best: 7 }, $min: { worst: 1 } },
    );
    await raw.updateOne(
      { _id: m._id },
      { $rename: { best: 'top' }, $currentDate: { touchedAt: true } },
    );
    const doc = await raw.findOne({ _id: m._id });
    expect(doc?.points).toBe(16);
    expect(doc?.tags).toEqual(['a', 'c']);
    expect(doc?.address).toEqual({ city: 'GZ' });
    expect(doc?.top).toBe(7);
    expect(doc?.worst).toBe(1);
    expect(doc).not.toHaveProperty('best');
    expect(doc?.touchedAt).toBeInstanceOf(Date);
  });

  it('updates array elements with the positional operator and arrayFilters', async () => {
    const m = await Member().create({
      memberNo: 'P',
      orders: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 1 },
        { sku: 'c', qty: 5 },
      ],
    });
    const raw = Member().collection;
    await raw.updateOne({ _id: m._id, 'orders.sku': 'b' }, { $inc: { 'orders.$.qty': 10 } });
    await raw.updateOne(
      { _id: m._id },
      { $set: { 'orders.$[o].priceFen': 100 } },
      { arrayFilters: [{ 'o.qty': { $lt: 5 } }] },
    );
    const doc = await raw.findOne({ _id: m._id });
    expect(doc?.orders).toEqual([
      { _id: expect.anything(), sku: 'a', qty: 1, priceFen: 100 },
      { _id: expect.anything(), sku: 'b', qty: 11 },
      { _id: expect.anything(), sku: 'c', qty: 5 },
    ]);
  });

  it('reports matched and modified counts for updateMany, and no-op updates modify nothing', async () => {
    await Member().insertMany([
      { memberNo: 'X1', points: 1 },
      { memberNo: 'X2', points: 1 },
      { memberNo: 'X3', points: 2 },
    ]);
    const res = await Member().collection.updateMany({ points: 1 }, { $set: { points: 2 } });
    expect(res.matchedCount).toBe(2);
    expect(res.modifiedCount).toBe(2);
    const noop = await Member().collection.updateMany({}, { $set: { points: 2 } });
    expect(noop.matchedCount).toBe(3);
    expect(noop.modifiedCount).toBe(0);
  });

  it('replaces a document keeping its _id', async () => {
    const m = await Member().create({ memberNo: 'R', name: 'old', points: 3 });
    await Member().collection.replaceOne({ _id: m._id }, { memberNo: 'R', name: 'new' });
    const doc = await Member().collection.findOne({ _id: m._id });
    expect(doc).toEqual({ _id: m._id, memberNo: 'R', name: 'new' });
  });

  it('deletes one or many and counts what is left', async () => {
    await Member().insertMany([1, 2, 3, 4].map((i) => ({ memberNo: `D${i}`, points: i })));
    expect((await Member().deleteOne({ points: { $gte: 3 } })).deletedCount).toBe(1);
    expect((await Member().deleteMany({ points: { $lte: 2 } })).deletedCount).toBe(2);
    expect(await Member().countDocuments()).toBe(1);
    expect(await Member().estimatedDocumentCount()).toBe(1);
  });

  it('returns distinct values, flattening arrays', async () => {
    await Member().insertMany([
      { memberNo: 'T1', tags: ['a', 'b'] },
      { memberNo: 'T2', tags: ['b', 'c'] },
      { memberNo: 'T3' },
    ]);
    expect((await Member().distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
    expect((await Member().distinct('tags', { memberNo: 'T1' })).sort()).toEqual(['a', 'b']);
  });
});
