import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
  await db()
    .collection('names')
    .insertMany([
      { _id: 1 as never, n: 'cafe' },
      { _id: 2 as never, n: 'Café' },
      { _id: 3 as never, n: 'CAFE' },
      { _id: 4 as never, n: 'bar' },
    ]);
});
afterAll(() => s.stop());

const db = () => s.conn.db!;
const ids = (docs: { _id: unknown }[]) => docs.map((d) => d._id).sort();
const en = (strength: 1 | 2 | 3) => ({ locale: 'en', strength });

describe('collation', () => {
  it('strength 1 ignores case and accents, 2 ignores case, 3 neither', async () => {
    const c = db().collection('names');
    expect(ids(await c.find({ n: 'cafe' }, { collation: en(1) }).toArray())).toEqual([1, 2, 3]);
    expect(ids(await c.find({ n: 'cafe' }, { collation: en(2) }).toArray())).toEqual([1, 3]);
    expect(ids(await c.find({ n: 'cafe' }, { collation: en(3) }).toArray())).toEqual([1]);
    expect(ids(await c.find({ n: { $in: ['BAR'] } }, { collation: en(2) }).toArray())).toEqual([4]);
    expect(await c.countDocuments({ n: 'CAFÉ' }, { collation: en(1) })).toBe(3);
    expect(ids(await c.find({ n: 'cafe' }, { collation: { locale: 'simple' } }).toArray())).toEqual(
      [1],
    );
  });

  it('sorts strings by the locale, not by code point', async () => {
    const c = db().collection('names');
    const out = await c.find({}, { sort: { n: 1, _id: 1 }, collation: en(3) }).toArray();
    expect(out.map((d) => d.n)).toEqual(['bar', 'cafe', 'CAFE', 'Café']);
    const binary = await c.find({}, { sort: { n: 1 } }).toArray();
    expect(binary.map((d) => d.n)).toEqual(['CAFE', 'Café', 'bar', 'cafe']);
  });

  it('applies to update and delete statements', async () => {
    const c = db().collection('coll_write');
    await c.insertMany([{ k: 'Ä' }, { k: 'a' }, { k: 'b' }]);
    const u = await c.updateMany({ k: 'a' }, { $set: { hit: 1 } }, { collation: en(1) });
    expect(u.modifiedCount).toBe(2);
    const d = await c.deleteMany({ k: 'A' }, { collation: en(2) });
    expect(d.deletedCount).toBe(1);
    expect((await c.find({}, { projection: { _id: 0 } }).toArray()).map((x) => x.k).sort()).toEqual(
      ['b', 'Ä'],
    );
  });

  it('applies to aggregate $match and $sort', async () => {
    const out = await db()
      .collection('names')
      .aggregate([{ $match: { n: 'CAFE' } }, { $sort: { _id: -1 } }, { $project: { _id: 1 } }], {
        collation: en(2),
      })
      .toArray();
    expect(out).toEqual([{ _id: 3 }, { _id: 1 }]);
  });

  it('a collated unique index is case-insensitive and serves queries with its collation', async () => {
    const c = db().collection('users_ci');
    await c.createIndex({ email: 1 }, { unique: true, collation: en(2) });
    await c.insertOne({ email: 'Li@Example.com' });
    const dup = await rejection(() => c.insertOne({ email: 'li@example.COM' }));
    expect(codeOf(dup)).toBe(11000);
    expect(await c.countDocuments({ email: 'LI@EXAMPLE.COM' }, { collation: en(2) })).toBe(1);
    expect(await c.countDocuments({ email: 'LI@EXAMPLE.COM' })).toBe(0);
  });

  it('a collection default collation applies when the query names none', async () => {
    await db().createCollection('ci_default', { collation: en(2) });
    const c = db().collection('ci_default');
    await c.insertMany([{ t: 'Hello' }, { t: 'hello' }]);
    expect(await c.countDocuments({ t: 'HELLO' })).toBe(2);
  });

  it('refuses an invalid collation with MongoDB’s codes', async () => {
    const c = db().collection('names');
    const noLocale = await rejection(() =>
      c.find({}, { collation: { strength: 2 } as never }).toArray(),
    );
    expect(codeOf(noLocale)).toBe(40414);
    const badStrength = await rejection(() =>
      c.find({}, { collation: { locale: 'en', strength: 9 } as never }).toArray(),
    );
    expect(codeOf(badStrength)).toBe(2);
  });

  it('refuses what it cannot compare exactly (embedded engine only)', async () => {
    if (!s.embedded) return; // a real server answers these
    const c = db().collection('names');
    for (const run of [
      () => c.find({ n: { $gt: 'b' } }, { collation: en(2) }).toArray(),
      () => c.find({ n: /caf/ }, { collation: en(2) }).toArray(),
      () => c.find({}, { collation: { locale: 'en', numericOrdering: true } }).toArray(),
      () => c.aggregate([{ $group: { _id: '$n' } }], { collation: en(2) }).toArray(),
    ]) {
      expect(codeOf(await rejection(run))).toBe(115);
    }
  });
});
