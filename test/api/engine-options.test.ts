import { startTestDatabase, type TestDatabase } from '@circles/server/embedded-mongo/testing';
import type { Database } from '@circles/server/src/db';
import mongoose, { type Connection } from 'mongoose';
import type { CommandFailedEvent } from 'mongodb';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

// The embedded engine refuses (rather than ignores) options MongoDB 7.0 refuses or that it
// cannot honour: unknown command/statement fields (40415), unsupported features (115),
// invalid index options (197), hints naming no index (2). This suite drives the app's real
// startup (every model's indexes) and a member flow, and fails on any such refusal, so an
// option the server code passes that a real MongoDB would reject never goes unnoticed.
const REFUSALS = new Set([40415, 115, 197, 72]);

let db: TestDatabase | undefined;
let conn: Connection;
let t: TestApp;
const failed: CommandFailedEvent[] = [];

beforeAll(async () => {
  const external = process.env.MONGODB_URI;
  db = external ? undefined : await startTestDatabase();
  const uri = external ?? db!.uri;
  conn = mongoose.createConnection(uri, { autoIndex: true, monitorCommands: true });
  conn.getClient().on('commandFailed', (e) => failed.push(e));
  await conn.asPromise();
  const database: Database = {
    connection: conn,
    engine: external ? 'external' : 'embedded',
    uri,
    state: () => 'connected',
    close: async () => {
      if (external) await conn.dropDatabase();
      await conn.close();
      await db?.stop();
    },
  };
  t = await startTestApp({}, { db: database });
});
afterAll(() => t.close());

const refusals = () =>
  failed
    .filter((e) => {
      const code = (e.failure as { code?: number }).code;
      return code !== undefined && (REFUSALS.has(code) || /hint provided/.test(e.failure.message));
    })
    .map((e) => `${e.commandName}: ${e.failure.message}`);

describe('options the server code passes to MongoDB', () => {
  it('startup (models, indexes) sends nothing the engine refuses', async () => {
    await Promise.all(Object.values(conn.models).map((m) => m.init()));
    expect(Object.keys(conn.models).length).toBeGreaterThan(0);
    expect(refusals()).toEqual([]);
  });

  it('a member login and member centre send nothing the engine refuses', async () => {
    const { token } = await loginMember(t, 'o-engine-options');
    await t.http
      .get('/api/mp/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    expect(refusals()).toEqual([]);
  });

  it('detects a refused option (the check itself can fail)', async () => {
    const before = failed.length;
    await conn
      .db!.collection('probe')
      .updateOne({}, { $set: { a: 1 } }, { sort: { a: 1 } })
      .catch(() => undefined);
    expect(failed.length).toBe(before + 1);
    expect(refusals().some((r) => r.includes("'update.updates.sort'"))).toBe(true);
    failed.length = before;
  });
});
