import { ManualClock } from '@circles/server/src/lib/clock';
import type { PointsService } from '@circles/server/src/modules/points';
import { PointsExpiryJob } from '@circles/server/src/modules/points/expiry.job';
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from './helpers/app';

// Real app on the embedded engine, with 100-way races: generous on a shared 2-core machine.
jest.setTimeout(60_000);

const cn = (iso: string) => new Date(`${iso}+08:00`);

describe('nightly points expiry', () => {
  let t: TestApp;
  let points: PointsService;
  const clock = new ManualClock(cn('2024-03-01T10:00:00'));
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    points = t.container.services.points;
  });
  afterAll(() => t.close());

  const credit = (memberId: Types.ObjectId, n: number, key: string) =>
    points.credit({
      memberId,
      points: n,
      reason: 'grant',
      sourceType: 'test',
      sourceId: key,
      idempotencyKey: key,
    });
  const expectConsistent = async (memberId: Types.ObjectId) => {
    const r = await points.reconcile(memberId);
    expect(r.ledgerSum).toBe(r.balance);
    expect(r.lotSum).toBe(r.balance);
  };

  it('expires what was earned two calendar years ago, FIFO, and only once', async () => {
    const id = new Types.ObjectId();
    clock.set(cn('2024-03-01T10:00:00'));
    await credit(id, 100, 'y24'); // expires at the end of 2025
    clock.set(cn('2025-02-01T10:00:00'));
    await credit(id, 60, 'y25'); // expires at the end of 2026
    await points.debit({
      memberId: id,
      points: 30,
      reason: 'redeem',
      sourceType: 'test',
      sourceId: 'd',
      idempotencyKey: 'y-spend',
    }); // FIFO: taken from 2024's lot
    clock.set(cn('2025-12-31T23:59:00'));
    expect((await t.container.services.pointsExpiryJob.run()).entries).toBe(0);

    clock.set(cn('2026-01-01T00:00:00'));
    const first = await t.container.services.pointsExpiryJob.run();
    expect(first).toMatchObject({ ran: true });
    const expired = await points.m.Entry.find({ memberId: id, reason: 'expire' }).lean();
    expect(expired.map((e) => [e.delta, e.reasonText])).toEqual([[-70, '积分过期']]);
    expect(await points.balance(id)).toEqual({ balance: 60 });
    expect((await points.summary(id, 1, 10)).expiring).toMatchObject({
      amount: 60,
      on: '2026-12-31',
    });

    await t.container.services.pointsExpiryJob.run();
    expect(await points.m.Entry.countDocuments({ memberId: id, reason: 'expire' })).toBe(1);
    await expectConsistent(id);

    clock.set(cn('2027-01-01T00:00:01'));
    await t.container.services.pointsExpiryJob.run();
    expect((await points.ledger.account(id)).balance).toBe(0);
    await expectConsistent(id);
  });

  it('is killed half-way and rerun without expiring anything twice', async () => {
    clock.set(cn('2030-06-01T12:00:00'));
    const ids = Array.from({ length: 12 }, () => new Types.ObjectId());
    for (const [i, id] of ids.entries()) {
      await credit(id, 10 + i, `kill-a-${id}`);
      await credit(id, 5, `kill-b-${id}`);
    }
    clock.set(cn('2032-01-01T00:00:00'));
    let inserted = 0;
    points.ledger.faults.afterInsert = async (entry) => {
      // The process "dies" after writing its 7th expiry entry, before applying it.
      if (entry.reason === 'expire' && ++inserted === 7) throw new Error('killed');
    };
    await expect(t.container.services.pointsExpiryJob.run()).rejects.toThrow('killed');
    points.ledger.faults.afterInsert = undefined;

    // Another instance cannot start while the dead run's lease is live; it can once it lapses.
    const other = new PointsExpiryJob(t.container, points);
    expect((await other.run()).ran).toBe(false);
    clock.advance(6 * 60_000);
    const rerun = await other.run();
    expect(rerun.ran).toBe(true);
    for (const [i, id] of ids.entries()) {
      const exp = await points.m.Entry.find({ memberId: id, reason: 'expire' }).lean();
      expect(exp.reduce((s, e) => s + e.delta, 0)).toBe(-(15 + i));
      expect(exp).toHaveLength(2);
      expect((await points.ledger.account(id)).balance).toBe(0);
      await expectConsistent(id);
    }
    expect((await other.run()).entries).toBe(0);
  });
});
