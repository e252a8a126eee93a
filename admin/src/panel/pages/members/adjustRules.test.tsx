import { newAdjustKey, toPointsBody, toWalletBody, walletSummary } from './adjustRules';

describe('member 360 adjustment bodies', () => {
  it('converts the wallet amount from 元 to integer fen once, signed by the direction', () => {
    const base = { bucket: 'bonus' as const, reason: ' 补发 ', direction: 'add' as const };
    expect(toWalletBody({ ...base, amount: 19.99 }, 'k-00000001')).toEqual({
      bucket: 'bonus',
      delta: 1_999,
      reason: '补发',
      idempotencyKey: 'k-00000001',
    });
    expect(toWalletBody({ ...base, amount: 0.29, direction: 'deduct' }, 'k').delta).toBe(-29);
    expect(toWalletBody({ ...base, amount: 1_500, bucket: 'principal' }, 'k')).toMatchObject({
      bucket: 'principal',
      delta: 150_000,
    });
    // A third decimal is not an amount anyone can book: refused, not rounded.
    expect(() => toWalletBody({ ...base, amount: 1.234 }, 'k')).toThrow();
  });

  it('signs points by the direction and repeats the amount back in 元 for the confirm', () => {
    expect(toPointsBody({ direction: 'deduct', points: 120, reason: '扣回' }, 'k').delta).toBe(
      -120,
    );
    expect(toPointsBody({ direction: 'add', points: 5, reason: 'x' }, 'k').delta).toBe(5);
    expect(
      walletSummary('M0001', {
        bucket: 'principal',
        delta: -123_456,
        reason: 'x',
        idempotencyKey: 'k',
      }),
    ).toBe('为会员 M0001 扣减储值本金 ¥1,234.56');
  });

  it('makes a fresh key that the contract accepts each time', () => {
    const a = newAdjustKey('wallet');
    expect(a).toMatch(/^m360-wallet-[0-9a-f]{32}$/);
    expect(newAdjustKey('wallet')).not.toBe(a);
  });
});
