import { type CouponTerms, checkCoupon, couponText } from './coupon';

const cash = (over: Partial<CouponTerms> = {}): CouponTerms => ({
  type: 'cash',
  value: 3_000,
  thresholdFen: 20_000,
  maxOffFen: null,
  categories: [],
  ...over,
});
const discount = (over: Partial<CouponTerms> = {}): CouponTerms =>
  cash({ type: 'discount', value: 88, thresholdFen: 0, ...over });

describe('checkCoupon', () => {
  it('takes a cash value off once the threshold is met, and refuses below it', () => {
    expect(checkCoupon(cash(), { amount: 20_000 })).toEqual({
      ok: true,
      eligibleFen: 20_000,
      discountFen: 3_000,
    });
    const short = checkCoupon(cash(), { amount: 19_999 });
    expect(short).toMatchObject({ ok: false, reason: 'threshold', eligibleFen: 19_999 });
    expect(short.ok ? '' : short.message).toBe(
      '未满足使用门槛：可用商品满 ¥200.00 可用，当前 ¥199.99',
    );
  });

  it('never takes off more than the eligible amount', () => {
    expect(checkCoupon(cash({ thresholdFen: 0, value: 5_000 }), { amount: 1_200 })).toMatchObject({
      ok: true,
      discountFen: 1_200,
    });
  });

  it('discounts by percent, rounding the discount down to the fen, capped by maxOff', () => {
    // 12% of ¥123.45 = ¥14.814 → ¥14.81
    expect(checkCoupon(discount(), { amount: 12_345 })).toMatchObject({ discountFen: 1_481 });
    expect(checkCoupon(discount({ maxOffFen: 1_000 }), { amount: 12_345 })).toMatchObject({
      discountFen: 1_000,
    });
  });

  it('counts only items of its categories towards the threshold and the discount', () => {
    const terms = discount({ value: 80, thresholdFen: 10_000, categories: ['护肤', '彩妆'] });
    const order = {
      amount: 30_000,
      items: [
        { category: '护肤', amount: 8_000 },
        { category: '彩妆', amount: 4_000 },
        { category: '外套', amount: 18_000 },
      ],
    };
    expect(checkCoupon(terms, order)).toEqual({
      ok: true,
      eligibleFen: 12_000,
      discountFen: 2_400,
    });
    expect(checkCoupon(terms, { ...order, items: order.items.slice(1) })).toMatchObject({
      ok: false,
      reason: 'threshold',
      eligibleFen: 4_000,
    });
    expect(checkCoupon(terms, { amount: 30_000, items: [order.items[2]!] })).toMatchObject({
      ok: false,
      reason: 'category',
    });
    expect(checkCoupon(terms, { amount: 30_000 })).toMatchObject({
      ok: false,
      reason: 'items_needed',
    });
  });
});

describe('couponText', () => {
  it('names each kind of coupon the way Chinese retail coupons read', () => {
    expect(couponText(cash())).toBe('满¥200.00减¥30.00');
    expect(couponText(cash({ thresholdFen: 0 }))).toBe('无门槛减¥30.00');
    expect(couponText(discount())).toBe('8.8折');
    expect(couponText(discount({ value: 90, thresholdFen: 10_000, maxOffFen: 5_000 }))).toBe(
      '9折 · 满¥100.00可用 · 最高减¥50.00',
    );
    expect(couponText(cash({ categories: ['护肤', '彩妆'] }))).toBe(
      '满¥200.00减¥30.00 · 限护肤、彩妆',
    );
  });
});
