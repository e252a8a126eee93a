import { z } from 'zod';
import { dayString, defineRoute, mainlandPhone, pageQuery, paged, stableId } from './index-base';
import { tierBadge } from './session';

export const tierChange = z.object({
  from: z.string().nullable(),
  to: z.string(),
  reason: z.enum(['initial', 'upgrade', 'downgrade', 'manual', 'manual_expired']),
  note: z.string().optional(),
  at: z.string(),
});
export type TierChange = z.infer<typeof tierChange>;

export const meResponse = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  phoneBound: z.boolean(),
  birthday: z.string().nullable(),
  tier: tierBadge,
  nextTier: z
    .object({
      code: z.string(),
      name: z.string(),
      growthNeeded: z.number().int(),
      spendNeeded: z.number().int(),
    })
    .nullable(),
  growth: z.number().int(),
  tierValidUntil: z.string().nullable(),
  /** Set when the member must still earn growth by the evaluation date to keep the tier. */
  tierAtRisk: z
    .object({ growthNeeded: z.number().int(), spendNeeded: z.number().int(), by: z.string() })
    .nullable(),
  tierHistory: z.array(tierChange),
});
export type MeResponse = z.infer<typeof meResponse>;

export const profileBody = z
  .object({
    nickname: z.string().trim().min(1).max(32).optional(),
    avatarUrl: z.url().max(512).optional(),
    birthday: dayString.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to update' });

export const memberRoutes = {
  me: defineRoute({
    method: 'get',
    path: '/api/mp/me',
    summary: 'The member center: tier, progress to the next tier, validity and history',
    tag: 'member',
    auth: 'member',
    response: meResponse,
  }),
  updateProfile: defineRoute({
    method: 'patch',
    path: '/api/mp/me',
    summary: 'Update nickname, avatar or birthday',
    tag: 'member',
    auth: 'member',
    body: profileBody,
    response: meResponse,
  }),
};

// ---- admin ----

export const memberListItem = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  phoneMasked: z.string().nullable(),
  tier: tierBadge,
  growth: z.number().int(),
  totalSpend: z.number().int(),
  orderCount: z.number().int(),
  createdAt: z.string(),
  status: z.enum(['active', 'merged']),
});

export const memberSearchQuery = pageQuery.extend({
  memberNo: z.string().max(32).optional(),
  phone: mainlandPhone.optional(),
  tier: z.string().max(32).optional(),
});

export const adminMemberDetail = memberListItem.extend({
  birthday: z.string().nullable(),
  tierValidUntil: z.string().nullable(),
  tierOverride: z.object({ code: z.string(), until: z.string(), reason: z.string() }).nullable(),
  tierHistory: z.array(tierChange),
  /** The circles the member is in, with the day each membership began. */
  circles: z
    .array(z.object({ id: z.string(), name: z.string(), color: z.string(), since: z.string() }))
    .optional(),
  identities: z.array(z.object({ kind: z.string(), value: z.string() })),
  recentOrders: z.array(
    z.object({
      orderNo: z.string(),
      amount: z.number().int(),
      refunded: z.number().int(),
      paidAt: z.string(),
      channel: z.string(),
    }),
  ),
  merges: z.array(
    z.object({
      id: z.string(),
      survivorNo: z.string(),
      loserNo: z.string(),
      status: z.string(),
      reason: z.string(),
      at: z.string(),
    }),
  ),
});

export const tierOverrideBody = z.object({
  code: stableId,
  until: z.coerce.date(),
  reason: z.string().trim().min(2).max(200),
});

export const adminMemberRoutes = {
  search: defineRoute({
    method: 'get',
    path: '/api/admin/members',
    summary: 'Search members by number, phone or tier',
    tag: 'admin',
    auth: 'admin',
    query: memberSearchQuery,
    response: paged(memberListItem),
  }),
  detail: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo',
    summary: 'Member detail',
    tag: 'admin',
    auth: 'admin',
    params: z.object({ memberNo: z.string().max(32) }),
    response: adminMemberDetail,
  }),
  overrideTier: defineRoute({
    method: 'post',
    path: '/api/admin/members/:memberNo/tier',
    summary: 'Set a tier manually until an end date, with a reason',
    tag: 'admin',
    auth: 'admin',
    params: z.object({ memberNo: z.string().max(32) }),
    body: tierOverrideBody,
    response: adminMemberDetail,
  }),
  reverseMerge: defineRoute({
    method: 'post',
    path: '/api/admin/merges/:id/reverse',
    summary: 'Undo a OneID merge',
    tag: 'admin',
    auth: 'admin',
    params: z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) }),
    body: z.object({ reason: z.string().trim().min(2).max(200) }),
    response: z.object({ ok: z.literal(true) }),
  }),
};
