import mongoose, { type Connection } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../../embedded-mongo/testing';
import { LocalRateLimiter } from './rate-limiter';
import { SharedRateLimiter } from './shared-rate-limiter';

// WeCom's limits are per corp per API (访问频率限制,
// https://developer.work.weixin.qq.com/document/path/90454), so two server instances share
// one budget and one cooldown: here two limiters with separate memory and one database.
describe('SharedRateLimiter (state in MongoDB)', () => {
  let db: TestDatabase;
  let conn: Connection;
  let t = Date.UTC(2025, 3, 1, 8, 0, 5);
  const now = () => t;
  const slept: number[] = [];
  const instance = (perMinute = 3) =>
    new SharedRateLimiter(conn, new LocalRateLimiter({ ratePerSec: 1000, capacity: 1000, now }), {
      perMinute,
      now,
      blockCacheMs: 0,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
    });

  beforeAll(async () => {
    db = await startTestDatabase();
    conn = await mongoose.createConnection(db.uri).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.stop();
  });
  beforeEach(() => {
    slept.length = 0;
    t += 3_600_000;
  });

  it('spends one per-minute budget across instances, waiting for the next minute when close', async () => {
    t = Math.floor(t / 60_000) * 60_000 + 50_000; // 10 s left in this minute
    const a = instance();
    const b = instance();
    await a.acquire('externalcontact/get');
    await b.acquire('externalcontact/get');
    await a.acquire('externalcontact/get');
    expect(slept).toEqual([]);
    await b.acquire('externalcontact/get'); // the 4th call this minute, wherever it runs
    expect(slept).toHaveLength(1);
    expect(slept[0]!).toBe(10_000);
    await a.acquire('externalcontact/mark_tag'); // another API has its own budget
    expect(slept).toHaveLength(1);
  });

  it('answers 429 instead of waiting far into the next minute', async () => {
    t = Math.floor(t / 60_000) * 60_000 + 1_000; // 59 s left in this minute
    const a = instance(1);
    await a.acquire('user/get');
    await expect(a.acquire('user/get')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('shares a 45009 cooldown: a minute first, an hour when it comes right back', async () => {
    const a = instance(100);
    const b = instance(100);
    expect(await a.penalize('externalcontact/list')).toBe(60_000);
    await expect(b.acquire('externalcontact/list')).rejects.toMatchObject({
      type: 'rate_limited',
      details: { retryAfterMs: 60_000 },
    });
    t += 61_000;
    await b.acquire('externalcontact/list');
    expect(await b.penalize('externalcontact/list')).toBe(3_600_000);
    t += 61_000;
    await expect(a.acquire('externalcontact/list')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });

  it('falls back to the local limiter when the database fails', async () => {
    const broken = { collection: () => ({ findOne: () => Promise.reject(new Error('down')) }) };
    const limiter = new SharedRateLimiter(
      broken as unknown as Connection, // only the two calls above are reached
      new LocalRateLimiter({ ratePerSec: 1000, capacity: 1000, now }),
      { now },
    );
    await expect(limiter.acquire('externalcontact/get')).resolves.toBeUndefined();
  });
});
