import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, signedPost } from './helpers/member';
import { expectLedgerMatches } from './wallet-helpers';

describe('wallet charges and refunds (integrations API)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  let n = 0;
  /** A member with a wallet topped up through the service (bonus given explicitly). */
  async function walletOf(principal: number, bonus: number) {
    n++;
    const { member } = await loginMember(t, `o-wallet-charge-${n}`);
    const m = (await t.container.services.members.byMemberNo(member.memberNo))!;
    await t.container.services.wallet.topUp({
      memberId: m._id,
      principal,
      bonus,
      sourceType: 'test',
      sourceId: `seed-${n}`,
      idempotencyKey: `test-topup:${n}`,
    });
    return { memberNo: member.memberNo as string, id: m._id };
  }
  const charge = (memberNo: string, chargeNo: string, amount: number, extra = {}) =>
    signedPost(t, '/api/integrations/wallet/charges', {
      chargeNo,
      member: { memberNo },
      amount,
      storeCode: 'SH001',
      ...extra,
    });
  const refund = (chargeNo: string, refundNo: string, amount: number, reason = '顾客退货') =>
    signedPost(t, `/api/integrations/wallet/charges/${chargeNo}/refunds`, {
      refundNo,
      amount,
      reason,
    });

  it('charges principal and bonus in proportion; a replay gets the first answer', async () => {
    const w = await walletOf(100_000, 10_000);
    const first = await charge(w.memberNo, 'C-PROP-1', 11_000).expect(200);
    expect(first.body).toMatchObject({
      chargeNo: 'C-PROP-1',
      memberNo: w.memberNo,
      amount: 11_000,
      principal: 10_000,
      bonus: 1_000,
      refunded: 0,
      status: 'charged',
      wallet: { balance: 99_000, principal: 90_000, bonus: 9_000 },
    });
    const replay = await charge(w.memberNo, 'C-PROP-1', 11_000).expect(200);
    expect(replay.body).toEqual(first.body);
    const changed = await charge(w.memberNo, 'C-PROP-1', 11_000, { storeCode: 'BJ002' }).expect(
      409,
    );
    expect(changed.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc.balance).toBe(99_000);
  });

  it('refuses a charge beyond the balance with 409 WALLET_INSUFFICIENT and changes nothing', async () => {
    const w = await walletOf(1_000, 0);
    const res = await charge(w.memberNo, 'C-SHORT-1', 1_001).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'WALLET_INSUFFICIENT',
      details: { available: 1_000, required: 1_001 },
    });
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc).toMatchObject({ balance: 1_000, seq: 1 });
  });

  it('keeps a refused charge refused for its chargeNo, even after a top-up', async () => {
    const w = await walletOf(1_000, 0);
    const first = await charge(w.memberNo, 'C-SHORT-2', 1_500).expect(409);
    await t.container.services.wallet.topUp({
      memberId: w.id,
      principal: 5_000,
      bonus: 0,
      sourceType: 'test',
      sourceId: 'after-refusal',
      idempotencyKey: `test-topup:after-refusal:${w.memberNo}`,
    });
    // The till retries the same charge: it gets the first answer, like a points redemption.
    const replay = await charge(w.memberNo, 'C-SHORT-2', 1_500).expect(409);
    expect(replay.body.error).toEqual(first.body.error);
    // The same chargeNo with another request is a conflict, not a second try.
    const other = await charge(w.memberNo, 'C-SHORT-2', 900).expect(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await expectLedgerMatches(t, w.id)).toMatchObject({ balance: 6_000, seq: 2 });
    await charge(w.memberNo, 'C-SHORT-3', 1_500).expect(200);
  });

  it('refuses bad charge bodies with the field at fault and changes nothing', async () => {
    const w = await walletOf(5_000, 0);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ chargeNo: 'C-BAD-1', member: { memberNo: w.memberNo }, amount: 0 }, 'body.amount'],
      [{ chargeNo: 'C-BAD-2', member: { memberNo: w.memberNo }, amount: 1.5 }, 'body.amount'],
      [{ chargeNo: 'bad no!', member: { memberNo: w.memberNo }, amount: 100 }, 'body.chargeNo'],
      [{ chargeNo: 'C-BAD-3', member: {}, amount: 100 }, 'body.member'],
      [{ chargeNo: 'C-BAD-4', amount: 100 }, 'body.member'],
    ];
    for (const [body, path] of cases) {
      const res = await signedPost(t, '/api/integrations/wallet/charges', body).expect(400);
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    const unknown = await charge('M-NOBODY', 'C-BAD-5', 100).expect(404);
    expect(unknown.body.error.details.fields[0].path).toBe('body.member.memberNo');
    const unsigned = await t.http
      .post('/api/integrations/wallet/charges')
      .send({ chargeNo: 'C-BAD-6', member: { memberNo: w.memberNo }, amount: 100 })
      .expect(401);
    expect(unsigned.body.error.code).toBe('API_KEY_UNKNOWN');
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc).toMatchObject({ balance: 5_000, seq: 1 });
  });

  it('refunds partially back to the buckets the charge took from, never beyond it', async () => {
    const w = await walletOf(6_667, 3_333);
    const c = await charge(w.memberNo, 'C-REF-1', 10_000).expect(200);
    expect(c.body).toMatchObject({ principal: 6_667, bonus: 3_333 });
    const parts = [3_333, 2_999, 3_668];
    const back = { principal: 0, bonus: 0 };
    for (const [i, amount] of parts.entries()) {
      const r = await refund('C-REF-1', `R-${i}`, amount).expect(200);
      expect(r.body.principal + r.body.bonus).toBe(amount);
      back.principal += r.body.principal;
      back.bonus += r.body.bonus;
      await expectLedgerMatches(t, w.id);
    }
    expect(back).toEqual({ principal: 6_667, bonus: 3_333 });
    const last = await refund('C-REF-1', 'R-2', 3_668).expect(200);
    expect(last.body).toMatchObject({ refunded: 10_000, status: 'refunded' });
    expect(last.body.wallet).toEqual({ balance: 10_000, principal: 6_667, bonus: 3_333 });

    const over = await refund('C-REF-1', 'R-3', 1).expect(409);
    expect(over.body.error).toMatchObject({
      code: 'WALLET_REFUND_EXCEEDS_CHARGED',
      details: { refundable: 0 },
    });
    const conflict = await refund('C-REF-1', 'R-0', 3_000).expect(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await refund('C-NONE', 'R-0', 1).expect(404)).body.error.code).toBe(
      'WALLET_CHARGE_NOT_FOUND',
    );
    const bad = await refund('C-REF-1', 'R-4', -5).expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.amount');
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc).toMatchObject({ balance: 10_000, principal: 6_667, bonus: 3_333 });
    const page = await t.container.services.wallet.history(w.id, 1, 10);
    expect(page.items.map((e) => e.reasonText)).toEqual([
      '消费退款',
      '消费退款',
      '消费退款',
      '储值消费',
      '储值充值',
    ]);
  });

  it('lets exactly one of 50 concurrent charges through against a balance for one', async () => {
    const w = await walletOf(9_000, 1_000);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => charge(w.memberNo, `C-RACE-${i}`, 10_000)),
    );
    const codes = answers.map((r) => (r.status === 200 ? 'ok' : r.body.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'WALLET_INSUFFICIENT')).toHaveLength(49);
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc).toMatchObject({ balance: 0, principal: 0, bonus: 0, seq: 2 });
  });

  it('never overspends when 30 charges race for a balance that covers 7', async () => {
    const w = await walletOf(6_300, 700);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => charge(w.memberNo, `C-RACE7-${i}`, 1_000)),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(7);
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc.balance).toBe(0);
  });

  it('keeps concurrent partial refunds of one charge within what it took', async () => {
    const w = await walletOf(10_000, 0);
    await charge(w.memberNo, 'C-RACE-REF', 10_000).expect(200);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => refund('C-RACE-REF', `RR-${i}`, 700)),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(14);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect(r.body.error.code).toBe('WALLET_REFUND_EXCEEDS_CHARGED');
    }
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc.balance).toBe(9_800);
  });

  it('completes a charge whose process died between the ledger entry and the balance', async () => {
    const w = await walletOf(5_000, 0);
    const { ledger } = t.container.services.wallet;
    ledger.faults.afterInsert = async () => {
      ledger.faults.afterInsert = undefined;
      throw new Error('simulated crash');
    };
    await charge(w.memberNo, 'C-CRASH-1', 2_000).expect(500);
    expect((await t.container.services.wallet.view(w.id)).balance).toBe(5_000);
    const again = await charge(w.memberNo, 'C-CRASH-1', 2_000).expect(200);
    expect(again.body.wallet).toEqual({ balance: 3_000, principal: 3_000, bonus: 0 });
    const acc = await expectLedgerMatches(t, w.id);
    expect(acc.balance).toBe(3_000);
  });
});
