import { PerApiRateLimiter, TokenBucket } from './rate-limiter';

function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(Math.round(ms));
      t += ms;
    },
    slept,
  };
}

describe('TokenBucket', () => {
  it('lets a burst through, then spaces callers at the sustained rate', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSec: 10, capacity: 3, ...time });
    for (let i = 0; i < 6; i++) await bucket.acquire();
    expect(time.slept).toEqual([100, 100, 100]);
  });

  it('queues concurrent callers in order rather than letting them all through', async () => {
    let t = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({
      ratePerSec: 5,
      capacity: 1,
      now: () => t,
      sleep: async (ms) => {
        waits.push(Math.round(ms));
      },
    });
    await Promise.all(Array.from({ length: 4 }, () => bucket.acquire()));
    expect(waits).toEqual([200, 400, 600]);
    t = 10_000; // refilled after a long pause
    await bucket.acquire();
    expect(waits).toHaveLength(3);
  });

  it('answers 429 instead of queueing beyond the maximum wait', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({
      ratePerSec: 1,
      capacity: 1,
      maxWaitMs: 1500,
      ...time,
      sleep: async () => {},
    });
    await bucket.acquire();
    await bucket.acquire(); // waits 1 s
    await expect(bucket.acquire()).rejects.toMatchObject({
      type: 'rate_limited',
      code: 'RATE_LIMITED',
    });
  });

  it('keeps one bucket per API', async () => {
    const time = fakeTime();
    const limiter = new PerApiRateLimiter({ ratePerSec: 1, capacity: 1, ...time });
    await limiter.acquire('externalcontact/get');
    await limiter.acquire('externalcontact/mark_tag');
    expect(time.slept).toEqual([]);
    await limiter.acquire('externalcontact/get');
    expect(time.slept).toEqual([1000]);
  });
});
