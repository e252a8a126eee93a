import type { MongoClient } from 'mongodb';
import { codeOf, openSuite, rejection, type Suite } from './helpers';

// failCommand as mongod's test builds provide it; against a real server without
// enableTestCommands the cases are skipped.
let s: Suite;
let client: MongoClient;
let enabled = true;
beforeAll(async () => {
  s = await openSuite();
  client = s.conn.getClient() as unknown as MongoClient;
  try {
    await fp('off');
  } catch {
    enabled = false;
  }
});
afterAll(async () => {
  if (enabled) await fp('off');
  await s.stop();
});

const fp = (mode: unknown, data: object = {}) =>
  client.db('admin').command({ configureFailPoint: 'failCommand', mode, data });
const coll = () => s.conn.db!.collection('fp');

describe('configureFailPoint failCommand', () => {
  it('fails the named command with errorCode for `times` activations', async () => {
    if (!enabled) return;
    await fp({ times: 2 }, { failCommands: ['insert'], errorCode: 91, errorLabels: ['Custom'] });
    const first = await rejection(() => coll().insertOne({ a: 1 }));
    expect(codeOf(first)).toBe(91);
    expect(first.errorLabelSet).toBeInstanceOf(Set);
    expect((first.errorLabelSet as Set<string>).has('Custom')).toBe(true);
    expect(codeOf(await rejection(() => coll().insertOne({ a: 2 })))).toBe(91);
    await coll().insertOne({ a: 3 });
    expect(await coll().countDocuments()).toBe(1);
    await expect(coll().find().toArray()).resolves.toHaveLength(1);
  });

  it('skips the first matching commands', async () => {
    if (!enabled) return;
    await fp({ skip: 1 }, { failCommands: ['find'], errorCode: 2 });
    await coll().find().toArray();
    expect(codeOf(await rejection(() => coll().find().toArray()))).toBe(2);
    await fp('off');
    await coll().find().toArray();
  });

  it('closes the connection; the driver sees a network error and retries the read', async () => {
    if (!enabled) return;
    let closed = 0;
    const onClose = () => closed++;
    client.on('connectionClosed', onClose);
    await fp({ times: 1 }, { failCommands: ['find'], closeConnection: true });
    await expect(coll().find().toArray()).resolves.toHaveLength(1);
    client.off('connectionClosed', onClose);
    expect(closed).toBeGreaterThanOrEqual(1);
  });

  it('is only configurable on the admin database (13)', async () => {
    if (!enabled) return;
    const err = await rejection(() =>
      s.conn.db!.command({ configureFailPoint: 'failCommand', mode: 'off' }),
    );
    expect(codeOf(err)).toBe(13);
  });
});
