import type { Types } from 'mongoose';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';
import { expectLedgerMatches } from './wallet-helpers';

describe('wallet top-ups, top-up refunds and merges (service, as payments calls it)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  const wallet = () => t.container.services.wallet;

  let n = 0;
  async function member() {
    n++;
    const { member: m } = await loginMember(t, `o-wallet-topup-${n}`);
    return (await t.container.services.members.byMemberNo(m.memberNo))!;
  }
  const payTopUp = (memberId: Types.ObjectId, outTradeNo: string, principal: number) =>
    wallet().topUp({
      memberId,
      principal,
      sourceType: 'wxpay',
      sourceId: outTradeNo,
      idempotencyKey: `wxpay:${outTradeNo}`,
    });

  it('computes the bonus from the rules when omitted, once per key', async () => {
    const m = await member();
    expect(await wallet().bonusFor(100_000)).toBe(10_000);
    expect(await wallet().bonusFor(99_999)).toBe(0);
    const first = await payTopUp(m._id, 'PAY-1', 100_000);
    expect(first).toMatchObject({ principal: 100_000, bonus: 10_000, balanceAfter: 110_000 });
    expect(await payTopUp(m._id, 'PAY-1', 100_000)).toEqual(first);
    await expect(payTopUp(m._id, 'PAY-1', 50_000)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
    await expectLedgerMatches(t, m._id);
  });

  it('refunds the unspent principal of a top-up and forfeits its bonus', async () => {
    const m = await member();
    await payTopUp(m._id, 'PAY-2', 100_000);
    await wallet().charge({
      memberId: m._id,
      amount: 55_000,
      sourceType: 'test',
      sourceId: 'spend-2',
      idempotencyKey: 'test-charge:2',
    });
    // 110 000 − 55 000 taken in proportion: 50 000 principal and 5 000 bonus remain.
    expect(await wallet().view(m._id)).toEqual({
      balance: 55_000,
      principal: 50_000,
      bonus: 5_000,
    });
    const input = {
      memberId: m._id,
      topUpSourceId: 'PAY-2',
      maxPrincipal: 100_000,
      idempotencyKey: 'wxpay-refund:R-2',
    };
    const out = await wallet().refundTopUp(input);
    expect(out).toMatchObject({
      principal: 50_000,
      bonus: 5_000,
      wallet: { balance: 0, principal: 0, bonus: 0 },
    });
    expect(out.entry).toMatchObject({ reason: 'topup_refund', reasonText: '充值退款' });
    expect(await wallet().refundTopUp(input)).toEqual(out);
    await expectLedgerMatches(t, m._id);
  });

  it('caps partial top-up refunds by maxPrincipal and by what the top-up brought', async () => {
    const m = await member();
    await payTopUp(m._id, 'PAY-3', 100_000);
    await payTopUp(m._id, 'PAY-3b', 200_000);
    const part = await wallet().refundTopUp({
      memberId: m._id,
      topUpSourceId: 'PAY-3',
      maxPrincipal: 30_000,
      idempotencyKey: 'wxpay-refund:R-3a',
    });
    expect(part).toMatchObject({ principal: 30_000, bonus: 10_000 });
    const rest = await wallet().refundTopUp({
      memberId: m._id,
      topUpSourceId: 'PAY-3',
      idempotencyKey: 'wxpay-refund:R-3b',
    });
    expect(rest).toMatchObject({ principal: 70_000, bonus: 0 });
    const nothing = await wallet().refundTopUp({
      memberId: m._id,
      topUpSourceId: 'PAY-3',
      idempotencyKey: 'wxpay-refund:R-3c',
    });
    expect(nothing).toMatchObject({ principal: 0, bonus: 0 });
    // The other top-up is untouched.
    expect(await wallet().view(m._id)).toEqual({
      balance: 210_000,
      principal: 200_000,
      bonus: 10_000,
    });
    await expect(
      wallet().refundTopUp({ memberId: m._id, topUpSourceId: 'NOPE', idempotencyKey: 'x-00001' }),
    ).rejects.toMatchObject({ code: 'WALLET_TOPUP_NOT_FOUND' });
    await expectLedgerMatches(t, m._id);
  });

  it('never refunds more than a top-up brought under concurrent refunds', async () => {
    const m = await member();
    await payTopUp(m._id, 'PAY-4', 100_000);
    await payTopUp(m._id, 'PAY-4b', 100_000);
    const outs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        wallet().refundTopUp({
          memberId: m._id,
          topUpSourceId: 'PAY-4',
          maxPrincipal: 30_000,
          idempotencyKey: `wxpay-refund:R-4-${i}`,
        }),
      ),
    );
    expect(outs.reduce((s, o) => s + o.principal, 0)).toBe(100_000);
    expect(outs.reduce((s, o) => s + o.bonus, 0)).toBe(10_000);
    await expectLedgerMatches(t, m._id);
  });

  it('moves the wallet with a OneID merge and back when the merge is reversed', async () => {
    const a = await member();
    const b = await member();
    await payTopUp(a._id, 'PAY-5a', 100_000);
    await payTopUp(b._id, 'PAY-5b', 20_000);
    const survivor = await t.container.services.merges.merge(a, b, '同一顾客', 'test');
    expect(String(survivor._id)).toBe(String(a._id)); // the older member survives
    expect(await wallet().view(a._id)).toEqual({
      balance: 130_000,
      principal: 120_000,
      bonus: 10_000,
    });
    expect(await wallet().view(b._id)).toEqual({ balance: 0, principal: 0, bonus: 0 });
    // A charge for the merged-away member lands on the survivor (1 200 principal, 100 bonus).
    await wallet().charge({
      memberId: b._id,
      amount: 1_300,
      sourceType: 'test',
      sourceId: 'merged-spend',
      idempotencyKey: 'test-charge:merged',
    });
    await expectLedgerMatches(t, a._id);
    const [rec] = await t.container.services.merges.forMember(a._id);
    await t.container.services.merges.reverse(String(rec!._id), '误合并', 'test');
    // What moved in goes back out (the loser brought 20 000 principal, no bonus).
    expect(await wallet().view(b._id)).toEqual({ balance: 20_000, principal: 20_000, bonus: 0 });
    expect(await wallet().view(a._id)).toEqual({
      balance: 108_700,
      principal: 98_800,
      bonus: 9_900,
    });
    await expectLedgerMatches(t, a._id);
    await expectLedgerMatches(t, b._id);
  });

  it('pages the member history newest first', async () => {
    const m = await member();
    for (let i = 0; i < 5; i++) await payTopUp(m._id, `PAY-6-${i}`, 1_000 + i);
    const p1 = await wallet().history(m._id, 1, 2);
    const p3 = await wallet().history(m._id, 3, 2);
    expect(p1.total).toBe(5);
    expect(p1.items.map((e) => e.delta)).toEqual([1_004, 1_003]);
    expect(p3.items.map((e) => e.delta)).toEqual([1_000]);
  });
});
