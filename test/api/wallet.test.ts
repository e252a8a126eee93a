import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, signedPost } from './helpers/member';
import { expectLedgerMatches } from './wallet-helpers';

describe('wallet API: member page, admin top-ups and rules', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let analyst: TestAdmin;
  beforeAll(async () => {
    t = await startTestApp();
    ops = await loginAs(t, 'ops');
    analyst = await loginAs(t, 'analyst');
  });
  afterAll(() => t.close());

  const memberIdOf = async (memberNo: string) =>
    (await t.container.services.members.byMemberNo(memberNo))!._id;
  const adminTopUp = (memberNo: string, body: Record<string, unknown>, token = ops.token) =>
    t.http.post(`/api/admin/members/${memberNo}/wallet/topups`).set(bearer(token)).send(body);

  it('shows an empty wallet with the default 充1000送100 rule', async () => {
    const { token } = await loginMember(t, 'o-wallet-empty');
    const res = await t.http.get('/api/mp/wallet').set(bearer(token)).expect(200);
    expect(res.body).toMatchObject({ balance: 0, principal: 0, bonus: 0 });
    expect(res.body.rules).toEqual([
      expect.objectContaining({ threshold: 100_000, bonus: 10_000, label: '充1000送100' }),
    ]);
    expect(res.body.history).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect((await t.http.get('/api/mp/wallet').expect(401)).body.error.code).toBe('AUTH_REQUIRED');
    const bad = await t.http.get('/api/mp/wallet?pageSize=500').set(bearer(token)).expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('query.pageSize');
  });

  it('credits an admin top-up with the rule bonus, audited once, shown with Chinese reasons', async () => {
    const { token, member } = await loginMember(t, 'o-wallet-admin');
    const body = { principal: 100_000, reason: '门店现金充值', idempotencyKey: 'admin-topup-0001' };
    const first = await adminTopUp(member.memberNo, body).expect(200);
    expect(first.body).toMatchObject({
      reason: 'topup',
      reasonText: '储值充值',
      principalDelta: 100_000,
      bonusDelta: 10_000,
      balanceAfter: 110_000,
      note: '门店现金充值',
    });
    expect(first.body).not.toHaveProperty('principal');
    const replay = await adminTopUp(member.memberNo, body).expect(200);
    expect(replay.body).toEqual(first.body);
    const conflict = await adminTopUp(member.memberNo, { ...body, principal: 5_000 }).expect(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    const audits = await t.http
      .get('/api/admin/audit-logs')
      .query({ action: 'wallet.topup' })
      .set(bearer(ops.token))
      .expect(200);
    const mine = audits.body.items.filter(
      (a: { target: { id: string } }) => a.target.id === member.memberNo,
    );
    expect(mine).toHaveLength(1);

    const page = await t.http.get('/api/mp/wallet').set(bearer(token)).expect(200);
    expect(page.body).toMatchObject({ balance: 110_000, principal: 100_000, bonus: 10_000 });
    expect(page.body.history.items.map((e: { reasonText: string }) => e.reasonText)).toEqual([
      '储值充值',
    ]);
    const detail = await t.http
      .get(`/api/admin/members/${member.memberNo}/wallet`)
      .set(bearer(analyst.token))
      .expect(200);
    expect(detail.body).toMatchObject({ balance: 110_000, ledgerBalance: 110_000 });
    await expectLedgerMatches(t, await memberIdOf(member.memberNo));
  });

  it('refuses bad admin top-ups with the field at fault and changes nothing', async () => {
    const { member } = await loginMember(t, 'o-wallet-bad');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ principal: 0, reason: 'x', idempotencyKey: 'bad-key-0001' }, 'body.principal'],
      [{ principal: 10.5, reason: 'x', idempotencyKey: 'bad-key-0002' }, 'body.principal'],
      [{ principal: 100, reason: '', idempotencyKey: 'bad-key-0003' }, 'body.reason'],
      [{ principal: 100, reason: 'x', idempotencyKey: 'short' }, 'body.idempotencyKey'],
      [{ principal: 100, bonus: -1, reason: 'x', idempotencyKey: 'bad-key-0004' }, 'body.bonus'],
    ];
    for (const [body, path] of cases) {
      const res = await adminTopUp(member.memberNo, body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    const ok = { principal: 100, reason: 'x', idempotencyKey: 'bad-key-0005' };
    expect((await adminTopUp(member.memberNo, ok, analyst.token).expect(403)).body.error.code).toBe(
      'ROLE_FORBIDDEN',
    );
    expect((await adminTopUp('M-NOPE', ok).expect(404)).body.error.code).toBe('MEMBER_NOT_FOUND');
    const id = await memberIdOf(member.memberNo);
    expect(await t.container.services.wallet.m.Entry.countDocuments({ memberId: id })).toBe(0);
  });

  it('manages top-up rules (audited); the highest threshold reached decides the bonus', async () => {
    const list = await t.http.get('/api/admin/wallet/rules').set(bearer(ops.token)).expect(200);
    const defaultRule = list.body.rules[0];
    const created = await t.http
      .post('/api/admin/wallet/rules')
      .set(bearer(ops.token))
      .send({ threshold: 300_000, bonus: 45_000 })
      .expect(201);
    expect(created.body).toMatchObject({ label: '充3000送450', active: true });
    const dup = await t.http
      .post('/api/admin/wallet/rules')
      .set(bearer(ops.token))
      .send({ threshold: 300_000, bonus: 1 })
      .expect(409);
    expect(dup.body.error.code).toBe('WALLET_RULE_THRESHOLD_TAKEN');
    const bad = await t.http
      .post('/api/admin/wallet/rules')
      .set(bearer(ops.token))
      .send({ threshold: 300_000, bonus: 0 })
      .expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.bonus');
    await t.http
      .post('/api/admin/wallet/rules')
      .set(bearer(analyst.token))
      .send({ threshold: 500_000, bonus: 1 })
      .expect(403);

    const { member } = await loginMember(t, 'o-wallet-rules');
    const big = await adminTopUp(member.memberNo, {
      principal: 350_000,
      reason: '大额充值',
      idempotencyKey: 'rule-topup-0001',
    }).expect(200);
    expect(big.body.bonusDelta).toBe(45_000);

    const updated = await t.http
      .put(`/api/admin/wallet/rules/${created.body.id}`)
      .set(bearer(ops.token))
      .send({ active: false })
      .expect(200);
    expect(updated.body.active).toBe(false);
    const mid = await adminTopUp(member.memberNo, {
      principal: 350_000,
      reason: '大额充值',
      idempotencyKey: 'rule-topup-0002',
    }).expect(200);
    expect(mid.body.bonusDelta).toBe(10_000);

    await t.http
      .delete(`/api/admin/wallet/rules/${created.body.id}`)
      .set(bearer(ops.token))
      .expect(200);
    await t.http
      .delete(`/api/admin/wallet/rules/${created.body.id}`)
      .set(bearer(ops.token))
      .expect(404);
    const after = await t.http.get('/api/admin/wallet/rules').set(bearer(ops.token)).expect(200);
    expect(after.body.rules).toEqual([defaultRule]);
    const audits = await t.http
      .get('/api/admin/audit-logs')
      .query({ targetType: 'wallet-rule' })
      .set(bearer(ops.token))
      .expect(200);
    expect(audits.body.items.map((a: { action: string }) => a.action).sort()).toEqual([
      'wallet.rule.create',
      'wallet.rule.delete',
      'wallet.rule.update',
    ]);
  });

  it('credits a signed integration top-up once per topUpNo', async () => {
    const { member } = await loginMember(t, 'o-wallet-pos-topup');
    const body = { topUpNo: 'TU-0001', member: { memberNo: member.memberNo }, principal: 20_000 };
    const first = await signedPost(t, '/api/integrations/wallet/topups', body).expect(200);
    expect(first.body).toMatchObject({
      topUpNo: 'TU-0001',
      memberNo: member.memberNo,
      principal: 20_000,
      bonus: 0,
      wallet: { balance: 20_000, principal: 20_000, bonus: 0 },
    });
    const replay = await signedPost(t, '/api/integrations/wallet/topups', body).expect(200);
    expect(replay.body).toEqual(first.body);
    const other = await signedPost(t, '/api/integrations/wallet/topups', {
      ...body,
      principal: 30_000,
    }).expect(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const unknown = await signedPost(t, '/api/integrations/wallet/topups', {
      ...body,
      topUpNo: 'TU-0002',
      member: { phone: '13800009999' },
    }).expect(404);
    expect(unknown.body.error.details.fields[0].path).toBe('body.member.phone');
    await expectLedgerMatches(t, await memberIdOf(member.memberNo));
  });
});
