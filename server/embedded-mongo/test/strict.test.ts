import { codeOf, openSuite, rejection, type Suite } from './helpers';

// What MongoDB 7.0 refuses, the engine refuses too, with the same code: an option the engine
// accepted and ignored would only fail once the app runs on a real server.
let s: Suite;
beforeAll(async () => {
  s = await openSuite();
  await db()
    .collection('st')
    .insertMany([
      { _id: 1 as never, a: 1 },
      { _id: 2 as never, a: 2 },
    ]);
  await db().collection('st').createIndex({ a: 1 }, { name: 'a_1' });
});
afterAll(() => s.stop());

const db = () => s.conn.db!;

describe('unknown fields (40415)', () => {
  it.each([
    [{ find: 'st', filter: {}, frobnicate: 1 }, 'find.frobnicate'],
    [{ aggregate: 'st', pipeline: [], cursor: {}, maxScan: 1 }, 'aggregate.maxScan'],
    [{ insert: 'st', documents: [{ a: 3 }], upsert: true }, 'insert.upsert'],
    [{ update: 'st', updates: [{ q: {}, u: { $set: { b: 1 } } }], multi: true }, 'update.multi'],
    [{ delete: 'st', deletes: [{ q: {}, limit: 1 }], justOne: true }, 'delete.justOne'],
    [
      { findAndModify: 'st', query: {}, remove: true, returnDocument: 'after' },
      'findAndModify.returnDocument',
    ],
    [
      { update: 'st', updates: [{ q: {}, u: { $set: { b: 1 } }, sort: { a: 1 } }] },
      'update.updates.sort',
    ],
    [{ delete: 'st', deletes: [{ q: {}, limit: 1, sort: { a: 1 } }] }, 'delete.deletes.sort'],
  ])('refuses %j', async (cmd, path) => {
    const err = await rejection(() => db().command(cmd));
    expect(codeOf(err)).toBe(40415);
    expect(err.message).toBe(`BSON field '${path}' is an unknown field.`);
    expect(await db().collection('st').countDocuments()).toBe(2);
  });

  it('accepts the generic arguments drivers send (comment, maxTimeMS, readConcern, writeConcern)', async () => {
    const c = db().collection('st');
    await expect(
      c.find({}, { comment: 'x', maxTimeMS: 5000, readConcern: { level: 'local' } }).toArray(),
    ).resolves.toHaveLength(2);
    await c.updateOne(
      { _id: 1 as never },
      { $set: { g: 1 } },
      { comment: 'x', writeConcern: { w: 1 } },
    );
    await c.deleteMany({ nothing: 1 }, { comment: 'y', maxTimeMS: 1000 } as never);
    await c.findOneAndUpdate(
      { _id: 1 as never },
      { $unset: { g: '' } },
      { comment: 'z', maxTimeMS: 1000 },
    );
    await expect(
      c.aggregate([], { comment: 'w', maxTimeMS: 1000 }).toArray(),
    ).resolves.toHaveLength(2);
  });
});

describe('sort on single-document updates is refused on 7.0', () => {
  it('updateOne and replaceOne with sort fail and change nothing', async () => {
    const c = db().collection('st');
    const upd = await rejection(() => c.updateOne({}, { $set: { s: 1 } }, { sort: { a: -1 } }));
    expect(codeOf(upd)).toBe(40415);
    const rep = await rejection(() => c.replaceOne({}, { a: 9 }, { sort: { a: -1 } }));
    expect(codeOf(rep)).toBe(40415);
    expect(await c.countDocuments({ s: 1 })).toBe(0);
    expect(await c.countDocuments({ a: 9 })).toBe(0);
  });

  it('bulkWrite with a sorted updateOne fails as a whole', async () => {
    const c = db().collection('st');
    const err = await rejection(() =>
      c.bulkWrite([
        { insertOne: { document: { _id: 50 as never } } },
        { updateOne: { filter: {}, update: { $set: { s: 2 } }, sort: { a: 1 } } },
      ]),
    );
    expect(codeOf(err)).toBe(40415);
    expect(await c.countDocuments({ s: 2 })).toBe(0);
    await c.deleteOne({ _id: 50 as never });
  });
});

describe("'$'-prefixed names inside _id (52)", () => {
  it('refuses them on insert, replacement and upsert', async () => {
    const c = db().collection('ids');
    const ins = await rejection(() => c.insertOne({ _id: { $a: 1 } as never, x: 1 }));
    expect(codeOf(ins)).toBe(52);
    const ups = await rejection(() =>
      c.updateOne({ x: 1 }, { $set: { _id: { $b: 1 } } }, { upsert: true }),
    );
    expect(codeOf(ups)).toBe(52);
    expect(await c.countDocuments()).toBe(0);
    await c.insertOne({ _id: { 'a.b': 1, c: { d: 1 } } as never });
    expect(await c.countDocuments()).toBe(1);
  });
});

describe('hint naming no index (2 BadValue)', () => {
  const msg = 'hint provided does not correspond to an existing index';
  it('fails find, count and aggregate', async () => {
    const c = db().collection('st');
    for (const run of [
      () => c.find({ a: 1 }, { hint: 'nope_1' }).toArray(),
      () => c.find({ a: 1 }, { hint: { zz: 1 } }).toArray(),
      () => c.countDocuments({ a: 1 }, { hint: 'nope_1' }),
      () => c.aggregate([{ $match: { a: 1 } }], { hint: 'nope_1' }).toArray(),
    ]) {
      const err = await rejection(run);
      expect(codeOf(err)).toBe(2);
      expect(err.message).toContain(msg);
    }
    await expect(c.find({ a: 1 }, { hint: 'a_1' }).toArray()).resolves.toHaveLength(1);
    await expect(c.find({ a: 1 }, { hint: { a: 1 } }).toArray()).resolves.toHaveLength(1);
    await expect(c.find({}, { hint: { $natural: 1 } }).toArray()).resolves.toHaveLength(2);
  });

  it('fails update, delete and findAndModify without writing', async () => {
    const c = db().collection('st');
    for (const run of [
      () => c.updateOne({ a: 1 }, { $set: { h: 1 } }, { hint: 'nope_1' }),
      () => c.deleteOne({ a: 1 }, { hint: 'nope_1' }),
      // the driver forwards hint for findAndModify; its typings omit it
      () => c.findOneAndUpdate({ a: 1 }, { $set: { h: 1 } }, { hint: 'nope_1' } as never),
    ]) {
      const err = await rejection(run);
      expect(codeOf(err)).toBe(2);
      expect(err.message).toContain(msg);
    }
    expect(await c.countDocuments({ a: 1, h: { $exists: false } })).toBe(1);
  });
});
