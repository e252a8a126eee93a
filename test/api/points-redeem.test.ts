import type { PointsService } from '@circles/server/src/modules/points';
import type { Types } from 'mongoose';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

// Real app on the embedded engine, with 100-way races: generous on a shared 2-core machine.
jest.setTimeout(60_000);

async function expectConsistent(points: PointsService, memberId: Types.ObjectId) {
  const r = await points.reconcile(memberId);
  expect(r.ledgerSum).toBe(r.balance);
  expect(r.lotSum).toBe(r.balance);
}

describe('points redemption and the catalogue', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let points: PointsService;
  beforeAll(async () => {
    t = await startTestApp();
    points = t.container.services.points;
    ops = await loginAs(t, 'ops');
    const items = [
      { itemCode: 'CPN-10', name: '10元券', kind: 'coupon', cost: 100 },
      { itemCode: 'GIFT-1', name: '限量徽章', kind: 'gift', cost: 10, stock: 1 },
      { itemCode: 'PERK-X', name: '包邮权益', kind: 'perk', cost: 30, perkCode: 'free-ship' },
    ];
    for (const item of items) {
      await t.http.post('/api/admin/points/items').set(bearer(ops.token)).send(item).expect(201);
    }
  });
  afterAll(() => t.close());

  /** A logged-in member holding `balance` points. */
  async function member(openid: string, balance: number) {
    const { token, member } = await loginMember(t, openid);
    const m = (await t.container.services.members.byMemberNo(member.memberNo))!;
    if (balance > 0) {
      await points.credit({
        memberId: m._id,
        points: balance,
        reason: 'grant',
        sourceType: 'test',
        sourceId: openid,
        idempotencyKey: `seed-${openid}`,
      });
    }
    return { auth: bearer(token), id: m._id };
  }
  const redeem = (auth: Record<string, string>, itemCode: string, idempotencyKey: string) =>
    t.http.post('/api/mp/points/redeem').set(auth).send({ itemCode, idempotencyKey });

  it('redeems a coupon, shows it in the history in Chinese, and replays the first answer', async () => {
    const m = await member('o-redeem-1', 250);
    const first = await redeem(m.auth, 'CPN-10', 'key-redeem-0001').expect(200);
    expect(first.body).toMatchObject({
      itemCode: 'CPN-10',
      kind: 'coupon',
      cost: 100,
      balance: 150,
    });
    expect(first.body.code).toMatch(/^CP[A-Z2-9]{10}$/);
    const again = await redeem(m.auth, 'CPN-10', 'key-redeem-0001').expect(200);
    expect(again.body).toEqual(first.body);
    const other = await redeem(m.auth, 'GIFT-1', 'key-redeem-0001').expect(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    const page = await t.http.get('/api/mp/points?pageSize=5').set(m.auth).expect(200);
    expect(page.body.balance).toBe(150);
    expect(page.body.history.total).toBe(2);
    expect(page.body.history.items[0]).toMatchObject({ delta: -100, reasonText: '积分兑换' });
    expect(page.body.expiring).toMatchObject({ amount: 150 });
    await expectConsistent(points, m.id);
  });

  it('lets exactly 1 of 100 concurrent redemptions through when the balance covers one', async () => {
    const m = await member('o-redeem-race', 100);
    const res = await Promise.all(
      Array.from({ length: 100 }, (_, i) => redeem(m.auth, 'CPN-10', `race-key-${i}`)),
    );
    expect(res.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = res.filter((r) => r.status === 409);
    expect(refused).toHaveLength(99);
    for (const r of refused) expect(r.body.error.code).toBe('POINTS_INSUFFICIENT');
    expect(await points.balance(m.id)).toEqual({ balance: 0 });
    expect(await points.m.Entry.countDocuments({ memberId: m.id, reason: 'redeem' })).toBe(1);
    await expectConsistent(points, m.id);
  });

  it('answers 404 for an unknown item and 400 with the field for bad input, changing nothing', async () => {
    const m = await member('o-redeem-bad', 500);
    const unknown = await redeem(m.auth, 'NOPE-1', 'key-unknown-01').expect(404);
    expect(unknown.body.error.code).toBe('POINTS_ITEM_NOT_FOUND');
    const bad = await redeem(m.auth, 'bad code!', 'short').expect(400);
    const paths = bad.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.itemCode', 'body.idempotencyKey']));
    expect(await points.balance(m.id)).toEqual({ balance: 500 });
  });

  it('refuses the second unit of a one-off gift and gives the points back', async () => {
    const a = await member('o-gift-a', 50);
    const b = await member('o-gift-b', 50);
    const got = await redeem(a.auth, 'GIFT-1', 'gift-key-a-01').expect(200);
    expect(got.body.code).toMatch(/^GF/);
    const none = await redeem(b.auth, 'GIFT-1', 'gift-key-b-01').expect(409);
    expect(none.body.error.code).toBe('POINTS_ITEM_OUT_OF_STOCK');
    expect(await points.balance(b.id)).toEqual({ balance: 50 });
  });

  it('issues a perk through the perks port, and refunds the points when none is wired', async () => {
    const ports = t.container.services.pointsPorts;
    const real = ports.perks;
    Reflect.deleteProperty(ports, 'perks'); // a port that is not there at run time
    const m = await member('o-perk', 100);
    const refused = await redeem(m.auth, 'PERK-X', 'perk-key-0001').expect(409);
    expect(refused.body.error.code).toBe('POINTS_ITEM_UNAVAILABLE');
    expect(await points.balance(m.id)).toEqual({ balance: 100 });
    const reasons = await points.m.Entry.find({ memberId: m.id }).sort({ seq: 1 }).lean();
    expect(reasons.map((e) => e.reason)).toEqual(['grant', 'redeem', 'redeem_undo']);
    // The replay gets the first answer even though nothing changed.
    await redeem(m.auth, 'PERK-X', 'perk-key-0001').expect(409);

    const issued: string[] = [];
    ports.perks = {
      issue: async (_memberId, perkCode, opts) => {
        issued.push(`${perkCode}:${opts.sourceType}`);
        return { redemptionCode: 'RC-123' };
      },
    };
    const ok = await redeem(m.auth, 'PERK-X', 'perk-key-0002').expect(200);
    expect(ok.body.perk).toEqual({ perkCode: 'free-ship', redemptionCode: 'RC-123' });
    expect(issued).toEqual(['free-ship:points_redemption']);
    ports.perks = real;
    await expectConsistent(points, m.id);
  });

  it('seeds the demo catalogue once', async () => {
    const { pointsCatalog } = t.container.services;
    expect(await pointsCatalog.seedDemo()).toBe(3);
    expect(await pointsCatalog.seedDemo()).toBe(0);
    const kinds = (await pointsCatalog.list(true)).map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['coupon', 'gift', 'perk']));
  });

  it('manages the catalogue with audit records; analysts may only read', async () => {
    const analyst = await loginAs(t, 'analyst');
    await t.http
      .post('/api/admin/points/items')
      .set(bearer(analyst.token))
      .send({ itemCode: 'X-1', name: 'x', kind: 'gift', cost: 1 })
      .expect(403);
    const dup = await t.http
      .post('/api/admin/points/items')
      .set(bearer(ops.token))
      .send({ itemCode: 'CPN-10', name: 'x', kind: 'coupon', cost: 1 })
      .expect(409);
    expect(dup.body.error.code).toBe('POINTS_ITEM_CODE_TAKEN');
    const noPerk = await t.http
      .post('/api/admin/points/items')
      .set(bearer(ops.token))
      .send({ itemCode: 'P-2', name: 'x', kind: 'perk', cost: 1 })
      .expect(400);
    expect(noPerk.body.error.details.fields[0].path).toBe('body.perkCode');

    await t.http
      .put('/api/admin/points/items/CPN-10')
      .set(bearer(ops.token))
      .send({ cost: 120, active: false })
      .expect(200);
    const memberView = await t.http
      .get('/api/admin/points/items')
      .set(bearer(analyst.token))
      .expect(200);
    expect(
      memberView.body.items.find((i: { itemCode: string }) => i.itemCode === 'CPN-10'),
    ).toMatchObject({ cost: 120, active: false });
    const m = await member('o-catalog', 500);
    const listed = await t.http.get('/api/mp/points/items').set(m.auth).expect(200);
    expect(listed.body.items.map((i: { itemCode: string }) => i.itemCode)).not.toContain('CPN-10');
    expect((await redeem(m.auth, 'CPN-10', 'inactive-key-1').expect(409)).body.error.code).toBe(
      'POINTS_ITEM_UNAVAILABLE',
    );
    await t.http.delete('/api/admin/points/items/GIFT-1').set(bearer(ops.token)).expect(200);
    await t.http.delete('/api/admin/points/items/GIFT-1').set(bearer(ops.token)).expect(404);

    const audit = await t.http
      .get('/api/admin/audit-logs?action=points.item.')
      .set(bearer(ops.token))
      .expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['points.item.create', 'points.item.update', 'points.item.delete']),
    );
  });
});
