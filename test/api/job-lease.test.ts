import { JobLeases } from '@circles/server/src/jobs/lease';
import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';

describe('job leases', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  it('lets only one of two concurrent acquires from the same instance win while it holds', async () => {
    const leases = new JobLeases(t.container.conn, clock);
    const got = await Promise.all([
      leases.acquire('exclusive', 60_000),
      leases.acquire('exclusive', 60_000),
    ]);
    expect(got.filter(Boolean)).toHaveLength(1);
    // Still held: a later acquire from the same instance is refused too, and so is another instance's.
    expect(await leases.acquire('exclusive', 60_000)).toBeNull();
    expect(await new JobLeases(t.container.conn, clock).acquire('exclusive', 60_000)).toBeNull();
    await leases.release('exclusive');
    expect(await leases.acquire('exclusive', 60_000)).not.toBeNull();
  });

  it('can be taken again once a checkpoint lets it lapse or its time runs out', async () => {
    const leases = new JobLeases(t.container.conn, clock);
    expect(await leases.acquire('lapse', 60_000)).not.toBeNull();
    expect(await leases.checkpoint('lapse', 'done', 0)).toBe(true);
    expect(await leases.acquire('lapse', 60_000)).toMatchObject({ cursor: 'done' });
    clock.advance(61_000);
    expect(await leases.acquire('lapse', 60_000)).toMatchObject({ cursor: 'done' });
  });
});
