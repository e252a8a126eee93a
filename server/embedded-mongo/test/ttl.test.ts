import { openSuite, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

describe('TTL indexes', () => {
  it('deletes documents whose indexed date is past expireAfterSeconds, and no others', async () => {
    const admin = s.conn.db!.admin();
    const { was } = await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    try {
      const c = s.conn.db!.collection('sessions');
      await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await c.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 3600 });
      const past = new Date(Date.now() - 60_000);
      await c.insertMany([
        { k: 'expired', expiresAt: past },
        { k: 'future', expiresAt: new Date(Date.now() + 3_600_000) },
        { k: 'no-date', expiresAt: 'not a date' },
        { k: 'stale', lastSeen: new Date(Date.now() - 7_200_000) },
        { k: 'recent', lastSeen: new Date() },
      ]);
      const deadline = Date.now() + 90_000; // mongod may finish its current 60 s sleep first
      while (
        Date.now() < deadline &&
        (await c.countDocuments({ k: { $in: ['expired', 'stale'] } }))
      ) {
        await new Promise((r) => setTimeout(r, 250));
      }
      const left = (await c.find().toArray()).map((d) => d.k).sort();
      expect(left).toEqual(['future', 'no-date', 'recent']);
    } finally {
      await admin.command({ setParameter: 1, ttlMonitorSleepSecs: was ?? 60 });
    }
  }, 100_000);
});
