import { Schema } from 'mongoose';
import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

const walletSchema = new Schema({
  memberNo: { type: String, unique: true },
  balance: Number,
  version: { type: Number, default: 0 },
});
const ledgerSchema = new Schema({
  idempotencyKey: { type: String, unique: true },
  memberNo: String,
  amount: Number,
});

const Wallet = () => s.conn.models.Wallet ?? s.conn.model('Wallet', walletSchema);
const Ledger = () => s.conn.models.Ledger ?? s.conn.model('Ledger', ledgerSchema);

describe('conditional updates under concurrency', () => {
  beforeAll(async () => {
    await Wallet().init();
    await Ledger().init();
  });

  it('lets exactly as many of 50 concurrent spends succeed as the balance covers', async () => {
    await Wallet().create({ memberNo: 'W1', balance: 1000 });
    const attempts = Array.from({ length: 50 }, () =>
      Wallet().findOneAndUpdate(
        { memberNo: 'W1', balance: { $gte: 30 } },
        { $inc: { balance: -30, version: 1 } },
        { returnDocument: 'after' },
      ),
    );
    const results = await Promise.all(attempts);
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(33); // floor(1000 / 30)
    const final = await Wallet().findOne({ memberNo: 'W1' }).lean();
    expect(final?.balance).toBe(10);
    expect(final?.version).toBe(33);
    const balances = winners.map((w) => w!.balance).sort((a, b) => b - a);
    expect(balances).toEqual(Array.from({ length: 33 }, (_, i) => 1000 - 30 * (i + 1)));
  });

  it('records an idempotency key once even when 50 callers race to insert it', async () => {
    const tries = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        Ledger().create({ idempotencyKey: 'order-1', memberNo: 'W1', amount: 5 }),
      ),
    );
    const ok = tries.filter((t) => t.status === 'fulfilled');
    const dup = tries.filter((t) => t.status === 'rejected' && codeOf(t.reason) === 11000);
    expect(ok).toHaveLength(1);
    expect(dup).toHaveLength(49);
  });

  it('upserts a single document when 50 callers upsert the same key', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        Wallet().updateOne(
          { memberNo: 'W2' },
          { $inc: { balance: 1 }, $setOnInsert: { version: 100 } },
          { upsert: true },
        ),
      ),
    );
    const docs = await Wallet().find({ memberNo: 'W2' }).lean();
    expect(docs).toHaveLength(1);
    expect(docs[0].balance).toBe(50);
    expect(docs[0].version).toBe(100);
  });
});

describe('findOneAndUpdate and upsert semantics', () => {
  const c = () => s.conn.db!.collection('fam');

  it('returns the document before or after the update as asked', async () => {
    await c().insertOne({ k: 'a', n: 1 });
    const before = await c().findOneAndUpdate({ k: 'a' }, { $inc: { n: 1 } });
    expect(before?.n).toBe(1);
    const after = await c().findOneAndUpdate(
      { k: 'a' },
      { $inc: { n: 1 } },
      { returnDocument: 'after', projection: { n: 1, _id: 0 } },
    );
    expect(after).toEqual({ n: 3 });
  });

  it('picks the first document in sort order', async () => {
    await c().insertMany([
      { k: 's', n: 2 },
      { k: 's', n: 1 },
      { k: 's', n: 3 },
    ]);
    const low = await c().findOneAndUpdate(
      { k: 's' },
      { $set: { picked: true } },
      { sort: { n: 1 } },
    );
    expect(low?.n).toBe(1);
    const removed = await c().findOneAndDelete({ k: 's' }, { sort: { n: -1 } });
    expect(removed?.n).toBe(3);
  });

  it('builds the upserted document from filter equalities, $set and $setOnInsert', async () => {
    const res = await c().findOneAndUpdate(
      { k: 'new', 'meta.region': 'east', n: { $gte: 5 } },
      { $set: { status: 'on' }, $setOnInsert: { createdBy: 'job' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(res.lastErrorObject?.updatedExisting).toBe(false);
    expect(res.lastErrorObject?.upserted).toBeDefined();
    expect(res.value).toEqual({
      _id: res.lastErrorObject?.upserted,
      k: 'new',
      meta: { region: 'east' },
      status: 'on',
      createdBy: 'job',
    });
    const again = await c().findOneAndUpdate(
      { k: 'new' },
      { $set: { status: 'off' }, $setOnInsert: { createdBy: 'other' } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(again?.createdBy).toBe('job');
    expect(again?.status).toBe('off');
  });

  it('takes _id from the filter on upsert and reports it', async () => {
    const res = await c().updateOne(
      { _id: 'fixed-id' as never },
      { $set: { v: 1 } },
      { upsert: true },
    );
    expect(res.upsertedId).toBe('fixed-id');
    expect(res.upsertedCount).toBe(1);
    expect(res.matchedCount).toBe(0);
  });

  it('raises DuplicateKey from findOneAndUpdate as a command error', async () => {
    const u = s.conn.db!.collection('fam_unique');
    await u.createIndex({ email: 1 }, { unique: true });
    await u.insertMany([{ email: 'a' }, { email: 'b' }]);
    const err = await rejection(() => u.findOneAndUpdate({ email: 'b' }, { $set: { email: 'a' } }));
    expect(err.name).toBe('MongoServerError');
    expect(codeOf(err)).toBe(11000);
    expect(err.codeName).toBe('DuplicateKey');
    expect(err.keyValue).toEqual({ email: 'a' });
  });
});
