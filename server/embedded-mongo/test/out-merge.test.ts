import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
  await db()
    .collection('orders')
    .insertMany([
      { m: 'a', fen: 100 },
      { m: 'a', fen: 50 },
      { m: 'b', fen: 70 },
    ]);
});
afterAll(() => s.stop());

const db = () => s.conn.db!;
const totals = [{ $group: { _id: '$m', fen: { $sum: '$fen' } } }];

describe('$out', () => {
  it('replaces the target, keeping its indexes, and returns no documents', async () => {
    const t = db().collection('totals_out');
    await t.insertOne({ _id: 'old' as never });
    await t.createIndex({ fen: 1 }, { name: 'fen_1' });
    const out = await db()
      .collection('orders')
      .aggregate([...totals, { $out: 'totals_out' }])
      .toArray();
    expect(out).toEqual([]);
    expect(await t.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', fen: 150 },
      { _id: 'b', fen: 70 },
    ]);
    expect((await t.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'fen_1']);
  });

  it('leaves the target untouched when the results break a unique index', async () => {
    const t = db().collection('totals_uniq');
    await t.insertOne({ _id: 'keep' as never, fen: 1 });
    await t.createIndex({ fen: 1 }, { unique: true });
    const err = await rejection(() =>
      db()
        .collection('orders')
        .aggregate([{ $project: { _id: 0, fen: { $literal: 5 } } }, { $out: 'totals_uniq' }])
        .toArray(),
    );
    expect(codeOf(err)).toBe(11000);
    expect(await t.find().toArray()).toEqual([{ _id: 'keep', fen: 1 }]);
  });

  it('must be the last stage (40601)', async () => {
    const err = await rejection(() =>
      db()
        .collection('orders')
        .aggregate([{ $out: 'x' }, { $match: {} }])
        .toArray(),
    );
    expect(codeOf(err)).toBe(40601);
  });
});

describe('$merge', () => {
  it('merges into matching documents and inserts the rest by default', async () => {
    const t = db().collection('totals_merge');
    await t.insertOne({ _id: 'a' as never, fen: 0, note: 'kept' });
    await db()
      .collection('orders')
      .aggregate([...totals, { $merge: { into: 'totals_merge' } }])
      .toArray();
    expect(await t.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', fen: 150, note: 'kept' },
      { _id: 'b', fen: 70 },
    ]);
  });

  it('supports replace, keepExisting, discard and pipeline whenMatched', async () => {
    const t = db().collection('totals_modes');
    await t.insertMany([{ _id: 'a' as never, fen: 1, note: 'x' }]);
    const src = db().collection('orders');
    await src
      .aggregate([
        ...totals,
        {
          $merge: { into: 'totals_modes', whenMatched: 'keepExisting', whenNotMatched: 'discard' },
        },
      ])
      .toArray();
    expect(await t.find().toArray()).toEqual([{ _id: 'a', fen: 1, note: 'x' }]);
    await src
      .aggregate([
        ...totals,
        { $merge: { into: 'totals_modes', whenMatched: 'replace', whenNotMatched: 'discard' } },
      ])
      .toArray();
    expect(await t.find().toArray()).toEqual([{ _id: 'a', fen: 150 }]);
    await src
      .aggregate([
        ...totals,
        {
          $merge: {
            into: 'totals_modes',
            whenMatched: [{ $set: { fen: { $add: ['$fen', '$$new.fen'] } } }],
            whenNotMatched: 'discard',
          },
        },
      ])
      .toArray();
    expect(await t.find().toArray()).toEqual([{ _id: 'a', fen: 300 }]);
  });

  it('reports DuplicateKey with keyPattern and keyValue for whenMatched: fail', async () => {
    await db()
      .collection('totals_fail')
      .insertOne({ _id: 'b' as never });
    const err = await rejection(() =>
      db()
        .collection('orders')
        .aggregate([
          ...totals,
          { $sort: { _id: 1 } },
          { $merge: { into: 'totals_fail', whenMatched: 'fail' } },
        ])
        .toArray(),
    );
    expect(codeOf(err)).toBe(11000);
    expect(err.keyPattern).toEqual({ _id: 1 });
    expect(err.keyValue).toEqual({ _id: 'b' });
  });

  it('needs a unique index for a join on other fields (51183)', async () => {
    const err = await rejection(() =>
      db()
        .collection('orders')
        .aggregate([{ $merge: { into: 'by_m', on: 'm' } }])
        .toArray(),
    );
    expect(codeOf(err)).toBe(51183);
  });
});
