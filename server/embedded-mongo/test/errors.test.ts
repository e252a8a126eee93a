import { Decimal128, Long } from 'bson';
import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

const db = () => s.conn.db!;

describe('error replies', () => {
  it('answers an unknown command with CommandNotFound (59)', async () => {
    const err = await rejection(() => db().command({ noSuchCommand: 1 }));
    expect(codeOf(err)).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
  });

  it('refuses transaction numbers like a standalone server (20 IllegalOperation)', async () => {
    // the driver itself refuses startTransaction on a standalone, so send the fields raw
    const err = await rejection(() =>
      db().command({
        insert: 'tx',
        documents: [{ a: 1 }],
        txnNumber: Long.fromNumber(1),
        startTransaction: true,
        autocommit: false,
      }),
    );
    expect(codeOf(err)).toBe(20);
    expect(err.message).toBe(
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
    expect(await db().collection('tx').countDocuments()).toBe(0);
  });

  it('rejects changing _id (66 ImmutableField)', async () => {
    const c = db().collection('imm');
    await c.insertOne({ _id: 1 as never, a: 1 });
    const err = await rejection(() => c.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }));
    expect(codeOf(err)).toBe(66);
  });

  it('rejects $inc on a non-numeric field and with a non-numeric argument (14)', async () => {
    const c = db().collection('inc');
    await c.insertOne({ _id: 1 as never, s: 'text' });
    const onString = await rejection(() => c.updateOne({ _id: 1 as never }, { $inc: { s: 1 } }));
    expect(codeOf(onString)).toBe(14);
    expect(onString.message).toContain("has the field 's' of non-numeric type string");
    const badArg = await rejection(() => c.updateOne({}, { $inc: { n: 'x' as never } }));
    expect(codeOf(badArg)).toBe(14);
    expect(badArg.message).toBe('Cannot increment with non-numeric argument: {n: "x"}');
  });

  it('rejects conflicting update paths (40) and unknown modifiers (9)', async () => {
    const c = db().collection('conflict');
    await c.insertOne({ a: 1 });
    const conflict = await rejection(() => c.updateOne({}, { $set: { a: 2 }, $inc: { a: 1 } }));
    expect(codeOf(conflict)).toBe(40);
    const unknown = await rejection(() => c.updateOne({}, { $frobnicate: { a: 1 } } as never));
    expect(codeOf(unknown)).toBe(9);
  });

  it('rejects unknown query operators (2 BadValue)', async () => {
    const err = await rejection(() =>
      db()
        .collection('q')
        .findOne({ a: { $nope: 1 } }),
    );
    expect(codeOf(err)).toBe(2);
    expect(err.message).toBe('unknown operator: $nope');
  });

  it('rejects creating a collection that exists (48 NamespaceExists)', async () => {
    await db().createCollection('exists_once');
    const err = await rejection(() => db().createCollection('exists_once'));
    expect(codeOf(err)).toBe(48);
  });

  it('reports listIndexes on a missing collection (26 NamespaceNotFound)', async () => {
    const err = await rejection(() => db().collection('missing').listIndexes().toArray());
    expect(codeOf(err)).toBe(26);
  });

  it('keeps earlier inserts of an ordered batch and stops at the duplicate', async () => {
    const c = db().collection('batch');
    await c.createIndex({ k: 1 }, { unique: true });
    const err = await rejection(() =>
      c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }], { ordered: true }),
    );
    expect(err.name).toBe('MongoBulkWriteError');
    expect(codeOf(err)).toBe(11000);
    expect(await c.countDocuments()).toBe(2);
    const unordered = await rejection(() =>
      c.insertMany([{ k: 4 }, { k: 1 }, { k: 5 }], { ordered: false }),
    );
    expect((unordered.writeErrors as unknown[]).length).toBe(1);
    expect(await c.countDocuments()).toBe(4);
  });
});

describe('embedded-engine limits', () => {
  it('rejects Decimal128 values clearly instead of computing with them wrongly', async () => {
    if (!s.embedded) return; // a real server stores Decimal128; the engine does not
    const err = await rejection(() =>
      db()
        .collection('dec')
        .insertOne({ price: Decimal128.fromString('1.10') }),
    );
    expect(codeOf(err)).toBe(2);
    expect(err.message).toContain('Decimal128');
  });
});
