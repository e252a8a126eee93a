// Pay answers shaped like shared/src/api/payments.ts, for the top-up and membership pages.
import type { PayOrderCreated, PayOrderView, PayPlans } from '../src/api/payments';

export function payPlans(over: Partial<PayPlans> = {}): PayPlans {
  return {
    payEnabled: true,
    sandbox: false,
    topUps: [
      { code: 'topup-500', name: '储值 ¥500', amount: 50_000, bonus: 0 },
      { code: 'topup-1000', name: '储值 ¥1000', amount: 100_000, bonus: 10_000 },
    ],
    memberships: [
      {
        code: 'black-month',
        name: '黑卡 · 月卡',
        amount: 3_900,
        days: 31,
        benefits: ['全场包邮', '每期一张 ¥50 无门槛券'],
        perkCodes: ['black_free_shipping', 'black_coupon_50'],
      },
    ],
    membership: { active: false, planCode: null, planName: null, validUntil: null },
    ...over,
  };
}

export function payOrder(over: Partial<PayOrderView> = {}): PayOrderView {
  return {
    outTradeNo: 'CP20261123000001',
    kind: 'topup',
    planCode: 'topup-1000',
    description: '储值 ¥1000',
    amount: 100_000,
    status: 'pending',
    applied: false,
    refunded: 0,
    createdAt: '2026-11-23T08:00:00.000Z',
    paidAt: null,
    expiresAt: '2026-11-23T10:00:00.000Z',
    ...over,
  };
}

export function payCreated(order: PayOrderView = payOrder()): PayOrderCreated {
  return {
    order,
    payment: {
      appId: 'wx-sandbox-app',
      timeStamp: '1795000000',
      nonceStr: 'n0nce',
      package: 'prepay_id=wx-prepay-1',
      signType: 'RSA',
      paySign: 'c2lnbmVk',
    },
  };
}

/** An order route that answers `pending` for the first `pendingPolls` polls, then applied. */
export function orderAfter(pendingPolls: number, base: PayOrderView = payOrder()) {
  let polls = 0;
  return () => {
    polls++;
    const paid = polls > pendingPolls;
    return {
      body: {
        ...base,
        status: paid ? 'paid' : 'pending',
        applied: paid,
        paidAt: paid ? '2026-11-23T08:00:05.000Z' : null,
      },
    };
  };
}
