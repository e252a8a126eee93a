import { z } from 'zod';
import { defineRoute, mainlandPhone, positiveFen, stableId } from './index-base';

/** Exactly one way of naming the member; unknown forms are a 400. */
export const memberRef = z
  .object({
    memberNo: z.string().min(1).max(32).optional(),
    phone: mainlandPhone.optional(),
    unionid: z.string().min(1).max(128).optional(),
    openid: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((m) => Object.values(m).filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of memberNo, phone, unionid, openid',
  });
export type MemberRef = z.infer<typeof memberRef>;

export const orderItem = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  category: z.string().min(1).max(64),
  quantity: z.number().int().positive().max(100_000),
  unitPrice: z.number().int().nonnegative(),
});

export const CHANNELS = [
  'store',
  'miniprogram',
  'tmall',
  'jd',
  'douyin',
  'wecom',
  'other',
] as const;

export const orderBody = z.object({
  orderNo: stableId,
  member: memberRef,
  channel: z.enum(CHANNELS),
  storeCode: stableId.optional(),
  consultantUserId: z.string().min(1).max(64).optional(),
  paidAt: z.coerce.date(),
  amount: positiveFen,
  items: z.array(orderItem).min(1).max(500),
});
export type OrderBody = z.infer<typeof orderBody>;

export const orderResponse = z.object({
  orderNo: z.string(),
  memberNo: z.string(),
  amount: z.number().int(),
  refunded: z.number().int(),
  growthEarned: z.number().int(),
  status: z.enum(['paid', 'partially_refunded', 'refunded']),
  tier: z.object({ code: z.string(), name: z.string() }),
});
export type OrderResponse = z.infer<typeof orderResponse>;

export const refundBody = z.object({
  refundNo: stableId,
  amount: positiveFen,
  reason: z.string().trim().min(1).max(200),
});

export const refundResponse = z.object({
  orderNo: z.string(),
  refundNo: z.string(),
  amount: z.number().int(),
  refunded: z.number().int(),
  growthReversed: z.number().int(),
  status: z.enum(['paid', 'partially_refunded', 'refunded']),
});

export const orderRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/api/integrations/orders',
    summary: 'Report a paid order (idempotent by orderNo; signed with X-Circles-* headers)',
    tag: 'integrations',
    auth: 'integration',
    body: orderBody,
    response: orderResponse,
  }),
  refund: defineRoute({
    method: 'post',
    path: '/api/integrations/orders/:orderNo/refunds',
    summary: 'Refund part or all of an order (idempotent by refundNo)',
    tag: 'integrations',
    auth: 'integration',
    params: z.object({ orderNo: stableId }),
    body: refundBody,
    response: refundResponse,
  }),
};
