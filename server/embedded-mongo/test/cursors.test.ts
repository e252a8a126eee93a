import { Long } from 'bson';
import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
  await s.conn
    .db!.collection('items')
    .insertMany(Array.from({ length: 250 }, (_, i) => ({ i, pad: 'x'.repeat(100) })));
});
afterAll(() => s.stop());

const db = () => s.conn.db!;

describe('cursors', () => {
  it('returns a first batch of 101 and an open cursor by default', async () => {
    const reply = await db().command({ find: 'items', filter: {}, sort: { i: 1 } });
    expect(reply.cursor.firstBatch).toHaveLength(101);
    expect(reply.cursor.firstBatch[0].i).toBe(0);
    expect(reply.cursor.id.isZero?.() ?? Number(reply.cursor.id) === 0).toBe(false);
    expect(reply.cursor.ns).toBe(`${s.conn.name}.items`);
    const more = await db().command({
      getMore: reply.cursor.id,
      collection: 'items',
      batchSize: 100,
    });
    expect(more.cursor.nextBatch).toHaveLength(100);
    expect(more.cursor.nextBatch[0].i).toBe(101);
    const rest = await db().command({ getMore: reply.cursor.id, collection: 'items' });
    expect(rest.cursor.nextBatch).toHaveLength(49);
    expect(Number(rest.cursor.id)).toBe(0);
  });

  it('closes the cursor when the result fits the first batch or singleBatch is set', async () => {
    const small = await db().command({ find: 'items', filter: { i: { $lt: 10 } } });
    expect(small.cursor.firstBatch).toHaveLength(10);
    expect(Number(small.cursor.id)).toBe(0);
    const single = await db().command({
      find: 'items',
      filter: {},
      batchSize: 5,
      singleBatch: true,
    });
    expect(single.cursor.firstBatch).toHaveLength(5);
    expect(Number(single.cursor.id)).toBe(0);
    const limited = await db().command({ find: 'items', filter: {}, limit: 7 });
    expect(limited.cursor.firstBatch).toHaveLength(7);
    expect(Number(limited.cursor.id)).toBe(0);
  });

  it('streams every document through the driver cursor in order', async () => {
    const seen: number[] = [];
    for await (const d of db().collection('items').find({}, { batchSize: 30 }).sort({ i: -1 })) {
      seen.push(d.i);
    }
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => 249 - i));
  });

  it('answers getMore on a killed or unknown cursor with CursorNotFound (43)', async () => {
    const reply = await db().command({ find: 'items', filter: {}, batchSize: 2 });
    const killed = await db().command({ killCursors: 'items', cursors: [reply.cursor.id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const err = await rejection(() =>
      db().command({ getMore: reply.cursor.id, collection: 'items' }),
    );
    expect(codeOf(err)).toBe(43);
    const unknown = await rejection(() =>
      db().command({ getMore: Long.fromNumber(123456789), collection: 'items' }),
    );
    expect(codeOf(unknown)).toBe(43);
  });

  it('pages aggregate results through cursors too', async () => {
    const docs = await db()
      .collection('items')
      .aggregate([{ $match: { i: { $gte: 50 } } }, { $project: { _id: 0, i: 1 } }], {
        batchSize: 20,
      })
      .toArray();
    expect(docs).toHaveLength(200);
    expect(docs[0]).toEqual({ i: 50 });
  });

  it('caps batches at 16 MiB and streams the rest through getMore in order', async () => {
    const big = db().collection('big');
    const pad = 'y'.repeat(1 << 20);
    for (let i = 0; i < 20; i++) await big.insertOne({ i, pad });
    const reply = await db().command({ find: 'big', filter: {}, sort: { i: 1 } });
    const first = reply.cursor.firstBatch as { i: number }[];
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(20);
    const more = await db().command({ getMore: reply.cursor.id, collection: 'big' });
    const all = [...first, ...more.cursor.nextBatch].map((d: { i: number }) => d.i);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Number(more.cursor.id)).toBe(0);
    const streamed = await big
      .find({}, { projection: { pad: 0 } })
      .sort({ i: -1 })
      .toArray();
    expect(streamed.map((d) => d.i)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
  }, 30_000);
});
