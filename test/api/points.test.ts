import { ManualClock } from '@circles/server/src/lib/clock';
import type { PointsService } from '@circles/server/src/modules/points';
import { PointsLedger } from '@circles/server/src/modules/points/ledger';
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

// Real app on the embedded engine, with 100-way races: generous on a shared 2-core machine.
jest.setTimeout(60_000);

/** balance == Σ lots == Σ ledger deltas, the invariant every operation must keep. */
async function expectConsistent(points: PointsService, memberId: Types.ObjectId) {
  const r = await points.reconcile(memberId);
  expect(r.ledgerSum).toBe(r.balance);
  expect(r.lotSum).toBe(r.balance);
  expect(r.balance).toBeGreaterThanOrEqual(0);
}

const cn = (iso: string) => new Date(`${iso}+08:00`);

describe('points ledger', () => {
  let t: TestApp;
  let points: PointsService;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    points = t.container.services.points;
  });
  afterAll(() => t.close());
  const move = (memberId: Types.ObjectId, n: number, key: string) => ({
    memberId,
    points: n,
    reason: 'grant' as const,
    sourceType: 'test',
    sourceId: key,
    idempotencyKey: key,
  });

  it('keeps balance equal to the ledger sum after every credit and debit', async () => {
    const id = new Types.ObjectId();
    await points.credit(move(id, 100, 'c1'));
    await expectConsistent(points, id);
    const d = await points.debit({ ...move(id, 30, 'd1'), reason: 'redeem' });
    expect(d).toMatchObject({ delta: -30, balanceAfter: 70, reasonText: '积分兑换' });
    await expectConsistent(points, id);
    await points.credit(move(id, 5, 'c2'));
    await expectConsistent(points, id);
    expect(await points.balance(id)).toEqual({ balance: 75 });
  });

  it('returns the first entry for a replayed idempotency key and writes nothing new', async () => {
    const id = new Types.ObjectId();
    const first = await points.credit(move(id, 10, 'replay-1'));
    const again = await points.credit(move(id, 999, 'replay-1'));
    expect(again.id).toBe(first.id);
    expect(again.delta).toBe(10);
    expect(await points.balance(id)).toEqual({ balance: 10 });
    expect(await points.m.Entry.countDocuments({ memberId: id })).toBe(1);
  });

  it('refuses a debit above the balance with POINTS_INSUFFICIENT and changes nothing', async () => {
    const id = new Types.ObjectId();
    await points.credit(move(id, 10, 'ins-c'));
    await expect(points.debit(move(id, 11, 'ins-d'))).rejects.toMatchObject({
      code: 'POINTS_INSUFFICIENT',
      details: { available: 10, required: 11 },
    });
    expect(await points.balance(id)).toEqual({ balance: 10 });
    await expectConsistent(points, id);
  });

  it('lets exactly one of 100 concurrent debits through when the balance covers one', async () => {
    const id = new Types.ObjectId();
    await points.credit(move(id, 50, 'race-c'));
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => points.debit(move(id, 50, `race-d-${i}`))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason.code).toBe('POINTS_INSUFFICIENT');
    }
    expect(await points.balance(id)).toEqual({ balance: 0 });
    await expectConsistent(points, id);
  });

  it('stays exact when several server instances race on one member (no shared queue)', async () => {
    const id = new Types.ObjectId();
    await points.credit(move(id, 20, 'inst-c'));
    const instances = Array.from({ length: 4 }, () => new PointsLedger(points.m, clock));
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        instances[i % 4]!.post({ ...move(id, 0, `inst-d-${i}`), delta: -20 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await points.balance(id)).toEqual({ balance: 0 });
    await expectConsistent(points, id);
  });

  it('finishes an entry a crashed writer left unapplied before writing the next', async () => {
    const id = new Types.ObjectId();
    await points.credit(move(id, 10, 'crash-c1'));
    points.ledger.faults.afterInsert = async () => {
      throw new Error('crashed after insert');
    };
    await expect(points.credit(move(id, 5, 'crash-c2'))).rejects.toThrow('crashed');
    points.ledger.faults.afterInsert = undefined;
    expect(await points.balance(id)).toEqual({ balance: 10 }); // written, not yet applied
    await points.debit(move(id, 15, 'crash-d'));
    expect(await points.balance(id)).toEqual({ balance: 0 });
    await expectConsistent(points, id);
  });

  it('spends the lot that expires first, across year boundaries (China time)', async () => {
    const id = new Types.ObjectId();
    // 23:30 on 31 Dec 2024 in China is still 2024: expires with 2024's points at the end of 2025.
    clock.set(cn('2024-12-31T23:30:00'));
    const a = await points.credit(move(id, 100, 'fifo-a'));
    expect(a.expiresOn).toBe('2025-12-31');
    clock.set(cn('2025-01-01T00:30:00'));
    const b = await points.credit(move(id, 50, 'fifo-b'));
    expect(b.expiresOn).toBe('2026-12-31');
    const d = await points.debit(move(id, 120, 'fifo-d'));
    const entry = await points.entryByKey('fifo-d');
    expect(entry?.takes.map((x) => x.amount)).toEqual([100, 20]);
    expect(d.balanceAfter).toBe(30);
    clock.set(cn('2025-12-31T23:59:59'));
    expect(await points.balance(id)).toEqual({ balance: 30 });
    await expectConsistent(points, id);
  });

  it('does not spend points past their expiry, even before the nightly job', async () => {
    const id = new Types.ObjectId();
    clock.set(cn('2023-05-01T10:00:00'));
    await points.credit(move(id, 40, 'old-lot'));
    clock.set(cn('2025-01-01T00:00:00'));
    await points.credit(move(id, 10, 'new-lot'));
    expect(await points.balance(id)).toEqual({ balance: 10 });
    await expect(points.debit(move(id, 20, 'old-spend'))).rejects.toMatchObject({
      code: 'POINTS_INSUFFICIENT',
    });
    const s = await points.summary(id, 1, 10);
    expect(s).toMatchObject({ balance: 10, ledgerBalance: 50 });
    expect(s.expiring).toMatchObject({ amount: 10, on: '2026-12-31' });
  });
});

describe('points from orders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('earns per yuan times the tier multiplier, once per order, and reverses refunds', async () => {
    const { member } = await loginMember(t, 'o-points-earn');
    const ref = { memberNo: member.memberNo };
    const points = t.container.services.points;
    const first = order(ref, 120_050); // ¥1200.50, a normal member (×1) → 1200; becomes silver
    await signedPost(t, '/api/integrations/orders', first).expect(200);
    await signedPost(t, '/api/integrations/orders', first).expect(200); // a retried delivery
    const m = await t.container.services.members.byMemberNo(member.memberNo);
    expect(await points.balance(m!._id)).toEqual({ balance: 1200 });

    const second = order(ref, 10_000); // silver ×1.2 → 120
    await signedPost(t, '/api/integrations/orders', second).expect(200);
    expect(await points.balance(m!._id)).toEqual({ balance: 1320 });

    const refund = (refundNo: string, amount: number) =>
      signedPost(t, `/api/integrations/orders/${second.orderNo}/refunds`, {
        refundNo,
        amount,
        reason: '尺码不合适',
      }).expect(200);
    await refund('R1', 3_333);
    await refund('R1', 3_333); // replayed: no second reversal
    expect(await points.balance(m!._id)).toEqual({ balance: 1320 - 39 });
    await refund('R2', 6_667);
    expect(await points.balance(m!._id)).toEqual({ balance: 1200 });
    const reversals = await points.m.Entry.find({ memberId: m!._id, reason: 'refund' }).lean();
    expect(reversals.map((e) => e.delta)).toEqual([-39, -81]);
    await expectConsistent(points, m!._id);
  });

  it('records a shortfall instead of going negative when refunded points were spent', async () => {
    const { member } = await loginMember(t, 'o-points-spent');
    const ref = { memberNo: member.memberNo };
    const points = t.container.services.points;
    const o = order(ref, 50_000);
    await signedPost(t, '/api/integrations/orders', o).expect(200);
    const m = await t.container.services.members.byMemberNo(member.memberNo);
    await points.debit({
      memberId: m!._id,
      points: 400,
      reason: 'redeem',
      sourceType: 'test',
      sourceId: 'x',
      idempotencyKey: `spend-${member.memberNo}`,
    });
    await signedPost(t, `/api/integrations/orders/${o.orderNo}/refunds`, {
      refundNo: 'R-all',
      amount: 50_000,
      reason: '退货',
    }).expect(200);
    const rev = await points.entryByKey(`points:refund:${o.orderNo}:R-all`);
    expect(rev).toMatchObject({ delta: -100, shortfall: 400, balanceAfter: 0 });
    await expectConsistent(points, m!._id);
  });

  it('moves points lot by lot on a OneID merge and takes back what is left on undo', async () => {
    const { members, merges, points } = t.container.services;
    const a = await loginMember(t, 'o-merge-old');
    const b = await loginMember(t, 'o-merge-new');
    const older = (await members.byMemberNo(a.member.memberNo))!;
    const newer = (await members.byMemberNo(b.member.memberNo))!;
    const give = (memberId: Types.ObjectId, n: number, key: string, expiresAt: Date) =>
      points.credit({
        memberId,
        points: n,
        reason: 'grant',
        sourceType: 'test',
        sourceId: key,
        idempotencyKey: key,
        expiresAt,
      });
    const soon = new Date(Date.now() + 30 * 86_400_000);
    const later = new Date(Date.now() + 400 * 86_400_000);
    await give(older._id, 100, 'm-old', later);
    await give(newer._id, 40, 'm-new-1', soon);
    await give(newer._id, 60, 'm-new-2', later);

    const survivor = await merges.merge(older, newer, '同一手机号', 'test');
    expect(String(survivor._id)).toBe(String(older._id));
    expect(await points.balance(older._id)).toEqual({ balance: 200 });
    expect(await points.balance(newer._id)).toEqual({ balance: 0 });
    const s = await points.summary(older._id, 1, 10);
    expect(s.expiring?.amount).toBe(40); // the moved lot kept its expiry date
    // Spending takes the soonest-expiring (moved) lot first; the undo takes back what is left.
    await points.debit({
      memberId: older._id,
      points: 50,
      reason: 'redeem',
      sourceType: 'test',
      sourceId: 'm',
      idempotencyKey: 'm-spend',
    });
    const [rec] = await merges.forMember(older._id);
    await merges.reverse(String(rec!._id), '误合并', 'test');
    // The spend took the moved 40 and then 10 of the survivor's own lot (same expiry, older
    // lot first), so the moved 60 goes back whole.
    expect(await points.balance(newer._id)).toEqual({ balance: 60 });
    expect(await points.balance(older._id)).toEqual({ balance: 90 });
    for (const id of [older._id, newer._id]) await expectConsistent(points, id);
  });
});

describe('bulk earning for imported orders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Orders land without earning, as in an import.
    t.container.services.domainEvents.unsubscribeAll('order.paid');
  });
  afterAll(() => t.close());

  it('credits many orders per member in one write, once, with the same rules as the hook', async () => {
    const { orders, members, points, pointsEarning } = t.container.services;
    const refs = [await loginMember(t, 'o-bulk-a'), await loginMember(t, 'o-bulk-b')];
    const old = new Date(Date.now() - 3 * 366 * 86_400_000).toISOString(); // expired already
    const bodies = [
      order({ memberNo: refs[0]!.member.memberNo }, 10_000),
      order({ memberNo: refs[0]!.member.memberNo }, 25_050),
      order({ memberNo: refs[1]!.member.memberNo }, 9_999),
      order({ memberNo: refs[1]!.member.memberNo }, 50_000, { paidAt: old }),
    ];
    for (const b of bodies) await signedPost(t, '/api/integrations/orders', b).expect(200);
    const docs = await orders.m.Order.find({ orderNo: { $in: bodies.map((b) => b.orderNo) } })
      .sort({ _id: 1 })
      .lean();
    const pairs = await Promise.all(
      docs.map(async (o) => ({ order: o, member: await members.require(o.memberId) })),
    );
    expect(await pointsEarning.forOrders(pairs)).toBe(3);
    expect(await pointsEarning.forOrders(pairs)).toBe(0);
    const [a, b] = [docs[0]!.memberId, docs[2]!.memberId];
    expect(await points.balance(a)).toEqual({ balance: 100 + 250 });
    expect(await points.balance(b)).toEqual({ balance: 99 });
    expect((await points.ledger.account(a)).seq).toBe(2);
    for (const id of [a, b]) await expectConsistent(points, id);
  });
});
