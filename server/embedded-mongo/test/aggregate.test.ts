import { openSuite, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
  const db = s.conn.db!;
  await db.collection('members').insertMany([
    { _id: 'm1' as never, tier: 'gold', city: 'SH', tags: ['a', 'b'] },
    { _id: 'm2' as never, tier: 'silver', city: 'SH', tags: ['b'] },
    { _id: 'm3' as never, tier: 'gold', city: 'BJ', tags: [] },
  ]);
  await db.collection('orders').insertMany([
    { memberId: 'm1', amountFen: 1000, day: 1 },
    { memberId: 'm1', amountFen: 500, day: 2 },
    { memberId: 'm2', amountFen: 300, day: 1 },
    { memberId: 'm3', amountFen: 700, day: 3 },
    { memberId: 'm3', amountFen: 100, day: 4 },
  ]);
});
afterAll(() => s.stop());

const agg = (coll: string, pipeline: object[]) =>
  s.conn.db!.collection(coll).aggregate(pipeline).toArray();

describe('aggregation stages', () => {
  it('$match + $group + $sort totals per member', async () => {
    const out = await agg('orders', [
      { $match: { amountFen: { $gte: 200 } } },
      { $group: { _id: '$memberId', total: { $sum: '$amountFen' }, n: { $sum: 1 } } },
      { $sort: { total: -1 } },
    ]);
    expect(out).toEqual([
      { _id: 'm1', total: 1500, n: 2 },
      { _id: 'm3', total: 700, n: 1 },
      { _id: 'm2', total: 300, n: 1 },
    ]);
  });

  it('$project with computed fields keeps _id first', async () => {
    const out = await agg('orders', [
      { $match: { memberId: 'm2' } },
      { $project: { yuan: { $divide: ['$amountFen', 100] }, memberId: 1 } },
    ]);
    expect(Object.keys(out[0])).toEqual(['_id', 'memberId', 'yuan']);
    expect(out[0].yuan).toBe(3);
  });

  it('$lookup joins and $unwind flattens', async () => {
    const out = await agg('members', [
      { $lookup: { from: 'orders', localField: '_id', foreignField: 'memberId', as: 'orders' } },
      { $unwind: '$orders' },
      { $group: { _id: '$tier', spent: { $sum: '$orders.amountFen' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 'gold', spent: 2300 },
      { _id: 'silver', spent: 300 },
    ]);
    const unwound = await agg('members', [
      { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } },
      { $project: { _id: 1, tags: 1 } },
    ]);
    expect(unwound.map((d) => [d._id, d.tags])).toEqual([
      ['m1', 'a'],
      ['m1', 'b'],
      ['m2', 'b'],
      ['m3', undefined],
    ]);
  });

  it('$facet and $count run sub-pipelines over the same input', async () => {
    const [out] = await agg('orders', [
      {
        $facet: {
          total: [{ $count: 'n' }],
          big: [{ $match: { amountFen: { $gte: 700 } } }, { $count: 'n' }],
        },
      },
    ]);
    expect(out).toEqual({ total: [{ n: 5 }], big: [{ n: 2 }] });
  });

  it('$setWindowFields computes running totals per partition', async () => {
    const out = await agg('orders', [
      {
        $setWindowFields: {
          partitionBy: '$memberId',
          sortBy: { day: 1 },
          output: {
            running: { $sum: '$amountFen', window: { documents: ['unbounded', 'current'] } },
            rank: { $rank: {} },
          },
        },
      },
      { $match: { memberId: 'm1' } },
      { $project: { _id: 0, day: 1, running: 1, rank: 1 } },
      { $sort: { day: 1 } },
    ]);
    expect(out).toEqual([
      { day: 1, running: 1000, rank: 1 },
      { day: 2, running: 1500, rank: 2 },
    ]);
  });

  it('does not change stored documents when a stage rewrites nested fields', async () => {
    await agg('members', [{ $set: { 'tags.0': 'changed', city: 'X' } }]);
    const m1 = await s.conn.db!.collection('members').findOne({ _id: 'm1' as never });
    expect(m1?.city).toBe('SH');
    expect(m1?.tags).toEqual(['a', 'b']);
  });

  it('counts through mongoose countDocuments and $sortByCount', async () => {
    const out = await agg('members', [{ $sortByCount: '$city' }]);
    expect(out).toEqual([
      { _id: 'SH', count: 2 },
      { _id: 'BJ', count: 1 },
    ]);
  });
});
