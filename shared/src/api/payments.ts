import { z } from 'zod';
import { defineRoute, pageQuery, paged, stableId } from './index-base';

const planCode = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9-]+$/, 'expected a plan code');

/** What the member center shows before paying (amounts in fen, set on the server only). */
export const topUpPlanView = z.object({
  code: z.string(),
  name: z.string(),
  amount: z.number().int(),
  /** Bonus from the active 储值满赠 rules at this amount. */
  bonus: z.number().int(),
});
export type TopUpPlanView = z.infer<typeof topUpPlanView>;

export const membershipPlanView = z.object({
  code: z.string(),
  name: z.string(),
  amount: z.number().int(),
  days: z.number().int(),
  /** Chinese lines describing what the card gives. */
  benefits: z.array(z.string()),
  perkCodes: z.array(z.string()),
});
export type MembershipPlanView = z.infer<typeof membershipPlanView>;

export const membershipView = z.object({
  active: z.boolean(),
  planCode: z.string().nullable(),
  planName: z.string().nullable(),
  validUntil: z.string().nullable(),
});
export type MembershipView = z.infer<typeof membershipView>;

export const payPlansResponse = z.object({
  payEnabled: z.boolean(),
  /** True in sandbox mode: the H5 pays through the sandbox payer instead of wx.requestPayment. */
  sandbox: z.boolean(),
  topUps: z.array(topUpPlanView),
  memberships: z.array(membershipPlanView),
  membership: membershipView,
});
export type PayPlansResponse = z.infer<typeof payPlansResponse>;

export const payOrderBody = z.object({ planCode });

export const PAY_ORDER_STATUSES = ['pending', 'paid', 'closed', 'refunded'] as const;
export type PayOrderStatus = (typeof PAY_ORDER_STATUSES)[number];

export const payOrderView = z.object({
  outTradeNo: z.string(),
  kind: z.enum(['topup', 'membership']),
  planCode: z.string(),
  description: z.string(),
  amount: z.number().int(),
  status: z.enum(PAY_ORDER_STATUSES),
  /** True once the wallet was credited or the membership started. */
  applied: z.boolean(),
  refunded: z.number().int(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  expiresAt: z.string(),
});
export type PayOrderView = z.infer<typeof payOrderView>;

/** The `wx.requestPayment` parameters, signed by the server. */
export const requestPaymentParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type RequestPaymentParams = z.infer<typeof requestPaymentParams>;

export const payOrderCreated = z.object({
  order: payOrderView,
  payment: requestPaymentParams,
});
export type PayOrderCreated = z.infer<typeof payOrderCreated>;

const outTradeNoParams = z.object({ outTradeNo: stableId });

export const adminPayOrderView = payOrderView.extend({
  memberNo: z.string(),
  transactionId: z.string().nullable(),
});

export const payRefundBody = z.object({ reason: z.string().trim().min(1).max(80) });

export const payRefundView = z.object({
  outRefundNo: z.string(),
  outTradeNo: z.string(),
  amount: z.number().int(),
  /** Stored value taken back from the wallet (principal only) for a top-up refund. */
  walletPrincipal: z.number().int(),
  walletBonusForfeited: z.number().int(),
  status: z.enum(['PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL']),
  reason: z.string(),
  createdAt: z.string(),
});
export type PayRefundView = z.infer<typeof payRefundView>;

export const paymentRoutes = {
  plans: defineRoute({
    method: 'get',
    path: '/api/mp/pay/plans',
    summary: 'Top-up and paid-membership plans, with the member’s current membership',
    tag: 'member',
    auth: 'member',
    response: payPlansResponse,
  }),
  topUp: defineRoute({
    method: 'post',
    path: '/api/mp/wallet/topups',
    summary: 'Create a WeChat Pay order for a top-up plan; returns wx.requestPayment params',
    tag: 'member',
    auth: 'member',
    body: payOrderBody,
    status: 201,
    response: payOrderCreated,
  }),
  membership: defineRoute({
    method: 'post',
    path: '/api/mp/memberships/orders',
    summary: 'Create a WeChat Pay order for a paid membership plan',
    tag: 'member',
    auth: 'member',
    body: payOrderBody,
    status: 201,
    response: payOrderCreated,
  }),
  order: defineRoute({
    method: 'get',
    path: '/api/mp/pay/orders/:outTradeNo',
    summary: 'One of the member’s pay orders (the result page polls it)',
    tag: 'member',
    auth: 'member',
    params: outTradeNoParams,
    response: payOrderView,
  }),
  adminList: defineRoute({
    method: 'get',
    path: '/api/admin/pay/orders',
    summary: 'Pay orders, newest first',
    tag: 'admin',
    auth: 'admin',
    query: pageQuery.extend({ status: z.enum(PAY_ORDER_STATUSES).optional() }),
    response: paged(adminPayOrderView),
  }),
  adminRefund: defineRoute({
    method: 'post',
    path: '/api/admin/pay/orders/:outTradeNo/refunds',
    summary: 'Refund a paid order: unspent principal of a top-up, or the unused part of a card',
    tag: 'admin',
    auth: 'admin',
    roles: ['admin', 'ops'],
    params: outTradeNoParams,
    body: payRefundBody,
    status: 201,
    response: payRefundView,
  }),
  adminApplyAbnormalRefund: defineRoute({
    method: 'post',
    path: '/api/admin/pay/refunds/:outRefundNo/apply-abnormal',
    summary: 'Release an ABNORMAL WeChat Pay refund to the merchant bank account (发起异常退款)',
    tag: 'admin',
    auth: 'admin',
    roles: ['admin', 'ops'],
    params: z.object({ outRefundNo: z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/) }),
    response: payRefundView,
  }),
};
