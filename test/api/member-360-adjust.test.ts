import {
  fieldsOf,
  type Member360World,
  startMember360World,
  type TimelineRow,
} from './helpers/member360';
import { loginAs } from './helpers/admin';
import { pointsOf } from './helpers/engagement';

jest.setTimeout(120_000);

let w: Member360World;
beforeAll(async () => {
  w = await startMember360World();
});
afterAll(() => w.t.close());

describe('member 360 points adjustment', () => {
  it('applies a credit once per idempotency key, audited once, answering the same entry', async () => {
    const before = await pointsOf(w.t, w.memberNo);
    const body = { delta: 88, reason: '客诉补偿', idempotencyKey: 'm360-points-0001' };
    const first = await w.adjustPoints(body).expect(200);
    expect(first.body).toMatchObject({
      replayed: false,
      entry: { delta: 88, balanceAfter: before + 88, reason: 'adjust', note: '客诉补偿' },
    });
    const again = await w.adjustPoints(body).expect(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.entry).toEqual(first.body.entry);
    expect(await pointsOf(w.t, w.memberNo)).toBe(before + 88);
    const audit = await w.auditOf('points.adjust');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: { name: w.ops.username },
      before: { balance: before },
      after: { balance: before + 88, delta: 88, reason: '客诉补偿', entryId: first.body.entry.id },
    });
    // The adjustment shows on the timeline with its reason.
    const top = (await w.get('/timeline?limit=5').expect(200)).body.items as TimelineRow[];
    expect(top).toContainEqual(
      expect.objectContaining({
        id: `points:${first.body.entry.id}`,
        points: 88,
        text: '客诉补偿',
      }),
    );
  });

  it('refuses the same key with another amount with 409 IDEMPOTENCY_CONFLICT', async () => {
    const before = await pointsOf(w.t, w.memberNo);
    await w
      .adjustPoints({ delta: 5, reason: '补发', idempotencyKey: 'm360-points-0002' })
      .expect(200);
    const res = await w
      .adjustPoints({
        delta: 6,
        reason: '补发',
        idempotencyKey: 'm360-points-0002',
      })
      .expect(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await pointsOf(w.t, w.memberNo)).toBe(before + 5);
  });

  it('refuses a debit beyond the balance with a clear 409 and changes nothing', async () => {
    const before = await pointsOf(w.t, w.memberNo);
    const res = await w
      .adjustPoints({
        delta: -(before + 1),
        reason: '扣回',
        idempotencyKey: 'm360-points-0003',
      })
      .expect(409);
    expect(res.body.error).toMatchObject({
      code: 'POINTS_INSUFFICIENT',
      details: { available: before, required: before + 1 },
    });
    expect(res.body.error.message).toContain('积分不足');
    expect(fieldsOf(res)).toEqual(['body.delta']);
    expect(await pointsOf(w.t, w.memberNo)).toBe(before);
    // A debit within the balance goes through.
    await w
      .adjustPoints({ delta: -10, reason: '扣回', idempotencyKey: 'm360-points-0004' })
      .expect(200);
    expect(await pointsOf(w.t, w.memberNo)).toBe(before - 10);
  });

  it('refuses bad input with 400 naming each field and writes nothing', async () => {
    const entries = await w.t.container.services.points.m.Entry.countDocuments({
      memberId: w.memberId,
    });
    const audits = (await w.auditOf('points.adjust')).length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ delta: 0, reason: 'x', idempotencyKey: 'm360-bad-0001' }, 'body.delta'],
      [{ delta: 1.5, reason: 'x', idempotencyKey: 'm360-bad-0002' }, 'body.delta'],
      [{ delta: 10, reason: '  ', idempotencyKey: 'm360-bad-0003' }, 'body.reason'],
      [{ delta: 10, idempotencyKey: 'm360-bad-0004' }, 'body.reason'],
      [{ delta: 10, reason: 'x', idempotencyKey: 'short' }, 'body.idempotencyKey'],
    ];
    for (const [body, path] of cases) {
      const res = await w.adjustPoints(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(path);
    }
    expect(
      await w.t.container.services.points.m.Entry.countDocuments({ memberId: w.memberId }),
    ).toBe(entries);
    expect(await w.auditOf('points.adjust')).toHaveLength(audits);
  });
});

describe('member 360 wallet adjustment', () => {
  it('corrects one bucket once per key, audited once with both buckets before and after', async () => {
    const body = {
      bucket: 'bonus',
      delta: 300,
      reason: '活动赠送补发',
      idempotencyKey: 'm360-wallet-0001',
    };
    const first = await w.adjustWallet(body).expect(200);
    expect(first.body).toMatchObject({
      replayed: false,
      entry: { delta: 300, principalDelta: 0, bonusDelta: 300, bonusAfter: 800, reason: 'adjust' },
    });
    const again = await w.adjustWallet(body).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const debit = await w
      .adjustWallet({
        bucket: 'principal',
        delta: -2_000,
        reason: '误充退回',
        idempotencyKey: 'm360-wallet-0002',
      })
      .expect(200);
    expect(debit.body.entry).toMatchObject({ principalDelta: -2_000, principalAfter: 8_000 });
    expect(await w.walletOf()).toEqual({ balance: 8_800, principal: 8_000, bonus: 800 });
    const audit = await w.auditOf('wallet.adjust');
    expect(audit).toHaveLength(2);
    expect(audit.find((a) => a.after.bucket === 'bonus')).toMatchObject({
      actor: { name: w.ops.username },
      before: { balance: 10_500, principal: 10_000, bonus: 500 },
      after: { balance: 10_800, principal: 10_000, bonus: 800, delta: 300, reason: '活动赠送补发' },
    });
  });

  it('refuses to take a bucket below zero with 409 WALLET_INSUFFICIENT naming body.delta', async () => {
    const before = await w.walletOf();
    const res = await w
      .adjustWallet({
        bucket: 'bonus',
        delta: -(before.bonus + 1),
        reason: '扣回',
        idempotencyKey: 'm360-wallet-0003',
      })
      .expect(409);
    expect(res.body.error).toMatchObject({
      code: 'WALLET_INSUFFICIENT',
      details: { bucket: 'bonus', available: before.bonus, required: before.bonus + 1 },
    });
    expect(res.body.error.message).toContain('赠送金余额不足');
    expect(fieldsOf(res)).toEqual(['body.delta']);
    expect(await w.walletOf()).toEqual(before);
  });

  it('refuses the same key with another bucket with 409 IDEMPOTENCY_CONFLICT', async () => {
    const before = await w.walletOf();
    const res = await w
      .adjustWallet({
        bucket: 'principal',
        delta: 300,
        reason: '活动赠送补发',
        idempotencyKey: 'm360-wallet-0001',
      })
      .expect(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(fieldsOf(res)).toEqual(['body.idempotencyKey']);
    expect(await w.walletOf()).toEqual(before);
  });

  it('refuses bad input with 400 naming each field and writes nothing', async () => {
    const before = await w.walletOf();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ bucket: 'gift', delta: 100, reason: 'x', idempotencyKey: 'm360-wbad-001' }, 'body.bucket'],
      [{ bucket: 'bonus', delta: 0, reason: 'x', idempotencyKey: 'm360-wbad-002' }, 'body.delta'],
      [{ bucket: 'bonus', delta: 0.5, reason: 'x', idempotencyKey: 'm360-wbad-003' }, 'body.delta'],
      [{ bucket: 'bonus', delta: 100, reason: '', idempotencyKey: 'm360-wbad-004' }, 'body.reason'],
      [{ bucket: 'bonus', delta: 100, reason: 'x' }, 'body.idempotencyKey'],
    ];
    for (const [body, path] of cases) {
      const res = await w.adjustWallet(body).expect(400);
      expect(fieldsOf(res)).toContain(path);
    }
    expect(await w.walletOf()).toEqual(before);
    expect(await w.auditOf('wallet.adjust')).toHaveLength(2);
  });
});

describe('member 360 roles', () => {
  it('lets analysts read every 360 view but not adjust', async () => {
    await w.get('/360', w.analyst).expect(200);
    await w.get('/timeline', w.analyst).expect(200);
    await w.get('/orders', w.analyst).expect(200);
    const [points, wallet] = [await pointsOf(w.t, w.memberNo), await w.walletOf()];
    const p = await w
      .adjustPoints({ delta: 10, reason: 'x', idempotencyKey: 'm360-role-0001' }, w.analyst)
      .expect(403);
    expect(p.body.error.code).toBe('ROLE_FORBIDDEN');
    const refused = await w
      .adjustWallet(
        { bucket: 'bonus', delta: 10, reason: 'x', idempotencyKey: 'm360-role-0002' },
        w.analyst,
      )
      .expect(403);
    expect(refused.body.error.code).toBe('ROLE_FORBIDDEN');
    const manager = await loginAs(w.t, 'consultant-manager');
    await w
      .adjustPoints({ delta: 10, reason: 'x', idempotencyKey: 'm360-role-0003' }, manager)
      .expect(403);
    expect(await pointsOf(w.t, w.memberNo)).toBe(points);
    expect(await w.walletOf()).toEqual(wallet);
  });

  it('lets admins adjust and refuses anonymous calls with 401', async () => {
    await w
      .adjustPoints({ delta: 1, reason: '测试', idempotencyKey: 'm360-role-0004' }, w.admin)
      .expect(200);
    await w.t.http.get(`/api/admin/members/${w.memberNo}/360`).expect(401);
    await w.t.http
      .post(`/api/admin/members/${w.memberNo}/adjustments/points`)
      .send({ delta: 1, reason: 'x', idempotencyKey: 'm360-role-0005' })
      .expect(401);
  });
});
