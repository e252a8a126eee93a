import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

const db = () => s.conn.db!;

async function fresh(name: string) {
  const c = db().collection(name);
  await c.deleteMany({});
  await c.insertMany([
    { _id: 1 as never, qty: 5, price: 10 },
    { _id: 2 as never, qty: 50, price: 20 },
    { _id: 3 as never, qty: 500, price: 30 },
  ]);
  return c;
}

describe('let variables', () => {
  it('find and countDocuments see $$vars in $expr', async () => {
    const c = await fresh('let_find');
    const out = await c
      .find({ $expr: { $gt: ['$qty', '$$min'] } }, { let: { min: 10 }, sort: { _id: 1 } })
      .toArray();
    expect(out.map((d) => d._id)).toEqual([2, 3]);
  });

  it('aggregate sees $$vars in $match and later stages', async () => {
    const c = await fresh('let_agg');
    const out = await c
      .aggregate(
        [
          { $match: { $expr: { $lte: ['$qty', '$$cap'] } } },
          { $project: { total: { $multiply: ['$qty', '$price', '$$rate'] } } },
          { $sort: { _id: 1 } },
        ],
        { let: { cap: 50, rate: 2 } },
      )
      .toArray();
    expect(out).toEqual([
      { _id: 1, total: 100 },
      { _id: 2, total: 2000 },
    ]);
  });

  it('update, delete and findAndModify (and their bulk forms) see $$vars', async () => {
    const c = await fresh('let_write');
    const upd = await c.updateMany(
      { $expr: { $gte: ['$qty', '$$min'] } },
      [{ $set: { tag: '$$label' } }],
      { let: { min: 50, label: 'bulk' } },
    );
    expect(upd.modifiedCount).toBe(2);
    const fam = await c.findOneAndUpdate(
      { $expr: { $eq: ['$_id', '$$id'] } },
      [{ $set: { price: { $add: ['$price', '$$delta'] } } }],
      { let: { id: 1, delta: 5 }, returnDocument: 'after' },
    );
    expect(fam?.price).toBe(15);
    const del = await c.deleteMany({ $expr: { $eq: ['$tag', '$$t'] } }, { let: { t: 'bulk' } });
    expect(del.deletedCount).toBe(2);
    await c.insertOne({ _id: 9 as never, qty: 1 });
    const bulk = await c.bulkWrite(
      [
        {
          updateOne: {
            filter: { $expr: { $eq: ['$_id', '$$a'] } },
            update: { $set: { hit: true } },
          },
        },
        { deleteOne: { filter: { $expr: { $eq: ['$_id', '$$b'] } } } },
      ],
      { let: { a: 1, b: 9 } },
    );
    expect(bulk.modifiedCount).toBe(1);
    expect(bulk.deletedCount).toBe(1);
    expect(await c.find({}, { projection: { _id: 1, hit: 1 } }).toArray()).toEqual([
      { _id: 1, hit: true },
    ]);
  });
});

describe('pipeline updates', () => {
  it('$set/$unset/$replaceWith/$replaceRoot apply in order and keep _id', async () => {
    const c = await fresh('pipe');
    await c.updateOne({ _id: 1 as never }, [
      { $set: { total: { $multiply: ['$qty', '$price'] } } },
      { $unset: ['qty'] },
    ]);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, price: 10, total: 50 });
    await c.updateOne({ _id: 2 as never }, [{ $replaceWith: { only: '$qty' } }]);
    expect(await c.findOne({ _id: 2 as never })).toEqual({ _id: 2, only: 50 });
    await c.updateOne({ _id: 3 as never }, [{ $replaceRoot: { newRoot: { p: '$price' } } }]);
    expect(await c.findOne({ _id: 3 as never })).toEqual({ _id: 3, p: 30 });
    await c.updateOne({ _id: 3 as never }, [{ $unset: '_id' }]);
    expect(await c.findOne({ _id: 3 as never })).toEqual({ _id: 3, p: 30 });
  });

  it('$setField/$unsetField/$getField handle dotted and $-prefixed names', async () => {
    const c = await fresh('pipe_fields');
    await c.updateOne({ _id: 1 as never }, [
      {
        $replaceWith: {
          $setField: { field: 'a.b', input: '$$ROOT', value: { $getField: 'qty' } },
        },
      },
      {
        $replaceWith: {
          $setField: { field: { $literal: '$cost' }, input: '$$ROOT', value: 7 },
        },
      },
    ]);
    const doc = await c.findOne({ _id: 1 as never });
    expect(doc).toEqual({ _id: 1, qty: 5, price: 10, 'a.b': 5, $cost: 7 });
    const read = await c
      .aggregate([
        { $match: { _id: 1 } },
        { $project: { ab: { $getField: 'a.b' }, cost: { $getField: { $literal: '$cost' } } } },
      ])
      .toArray();
    expect(read).toEqual([{ _id: 1, ab: 5, cost: 7 }]);
    await c.updateOne({ _id: 1 as never }, [
      { $replaceWith: { $unsetField: { field: 'a.b', input: '$$ROOT' } } },
    ]);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, qty: 5, price: 10, $cost: 7 });
  });

  it('refuses a changed _id (66) and stages not allowed in updates (72)', async () => {
    const c = await fresh('pipe_bad');
    const id = await rejection(() => c.updateOne({ _id: 1 as never }, [{ $set: { _id: 99 } }]));
    expect(codeOf(id)).toBe(66);
    const stage = await rejection(() =>
      c.updateOne({ _id: 1 as never }, [{ $match: { qty: 5 } }] as never),
    );
    expect(codeOf(stage)).toBe(72);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, qty: 5, price: 10 });
  });

  it('upserts through a pipeline with the filter as seed', async () => {
    const c = await fresh('pipe_upsert');
    await c.updateOne({ _id: 7 as never }, [{ $set: { n: { $literal: 1 } } }], { upsert: true });
    expect(await c.findOne({ _id: 7 as never })).toEqual({ _id: 7, n: 1 });
  });
});
