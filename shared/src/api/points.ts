import { z } from 'zod';
import { POINTS_REASONS } from '../domain/points/reasons';
import { defineRoute, idempotencyKey, ok, pageQuery, paged } from './index-base';
import { grantBody, grantJobView } from './points-grants';

const WRITE_ROLES = ['admin', 'ops'] as const;
const points = z.number().int().positive().max(100_000_000);

export const pointsEntryView = z.object({
  id: z.string(),
  delta: z.number().int(),
  reason: z.enum(POINTS_REASONS),
  /** Chinese text members read, e.g. 订单积分. */
  reasonText: z.string(),
  note: z.string().nullable(),
  sourceType: z.string(),
  sourceId: z.string(),
  balanceAfter: z.number().int(),
  /** Points a reversal could not take because they were already spent. */
  shortfall: z.number().int(),
  expiresAt: z.string().nullable(),
  /** Last usable day (YYYY-MM-DD, China time) of a credit; null for debits and no-expiry. */
  expiresOn: z.string().nullable(),
  createdAt: z.string(),
});
export type PointsEntryView = z.infer<typeof pointsEntryView>;

export const pointsExpiring = z
  .object({ amount: z.number().int(), on: z.string(), at: z.string() })
  .nullable();

export const pointsSummary = z.object({
  balance: z.number().int(),
  expiring: pointsExpiring,
  history: paged(pointsEntryView),
});
export type PointsSummary = z.infer<typeof pointsSummary>;

export const REDEEM_KINDS = ['coupon', 'gift', 'perk'] as const;
const itemCode = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, 'letters, digits, _ or - (2–32)');

export const redeemItemView = z.object({
  itemCode: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(REDEEM_KINDS),
  cost: z.number().int(),
  /** null = unlimited. */
  stock: z.number().int().nullable(),
  perkCode: z.string().nullable(),
  imageUrl: z.string().nullable(),
  active: z.boolean(),
});
export type RedeemItemView = z.infer<typeof redeemItemView>;

export const redeemBody = z.object({ itemCode, idempotencyKey });

export const redemptionView = z.object({
  redemptionId: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  kind: z.enum(REDEEM_KINDS),
  cost: z.number().int(),
  balance: z.number().int(),
  /** coupon: the coupon code; gift: the pickup code shown at the store. */
  code: z.string().nullable(),
  perk: z.object({ perkCode: z.string(), redemptionCode: z.string().nullable() }).nullable(),
  at: z.string(),
});
export type RedemptionView = z.infer<typeof redemptionView>;

export const pointsRoutes = {
  summary: defineRoute({
    method: 'get',
    path: '/api/mp/points',
    summary: 'Points balance, what expires next and when, and the paged history',
    tag: 'member',
    auth: 'member',
    query: pageQuery,
    response: pointsSummary,
  }),
  items: defineRoute({
    method: 'get',
    path: '/api/mp/points/items',
    summary: 'The redemption catalogue (active items)',
    tag: 'member',
    auth: 'member',
    response: z.object({ items: z.array(redeemItemView) }),
  }),
  redeem: defineRoute({
    method: 'post',
    path: '/api/mp/points/redeem',
    summary: 'Redeem points for a catalogue item; a replayed idempotencyKey gets the first answer',
    tag: 'member',
    auth: 'member',
    body: redeemBody,
    response: redemptionView,
  }),
};

// ---- admin ----

export const redeemItemBody = z
  .object({
    itemCode,
    name: z.string().trim().min(1).max(32),
    description: z.string().trim().max(200).default(''),
    kind: z.enum(REDEEM_KINDS),
    cost: points,
    stock: z.number().int().min(0).max(10_000_000).nullable().default(null),
    perkCode: z.string().min(1).max(64).nullable().default(null),
    imageUrl: z.url().max(512).nullable().default(null),
    active: z.boolean().default(true),
  })
  .refine((b) => b.kind !== 'perk' || b.perkCode, {
    message: 'a perk item needs perkCode',
    path: ['perkCode'],
  });
export const redeemItemUpdate = z
  .object({
    name: z.string().trim().min(1).max(32),
    description: z.string().trim().max(200),
    cost: points,
    stock: z.number().int().min(0).max(10_000_000).nullable(),
    perkCode: z.string().min(1).max(64).nullable(),
    imageUrl: z.url().max(512).nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to update' });

/** When earned points expire (the domain's `ExpiryRule` is this schema's type). */
export const expiryRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('year_end'), yearsAfter: z.number().int().min(0).max(10) }),
  z.object({ kind: z.literal('rolling_days'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('never') }),
]);

export const pointsSettings = z.object({
  expiry: expiryRule,
  pointsPerYuan: z.number().min(0.01).max(100),
});
export const pointsSettingsView = pointsSettings.extend({ updatedAt: z.string().nullable() });

export const memberPointsView = z.object({
  memberNo: z.string(),
  balance: z.number().int(),
  /** The ledger sum, including lots that expired and await the nightly job. */
  ledgerBalance: z.number().int(),
  expiring: pointsExpiring,
  lots: z.array(z.object({ amount: z.number().int(), expiresOn: z.string().nullable() })),
  history: paged(pointsEntryView),
});

export const adjustBody = z.object({
  delta: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((d) => d !== 0, 'must not be 0'),
  reason: z.string().trim().min(1).max(200),
  idempotencyKey,
});

const memberNoParams = z.object({ memberNo: z.string().min(1).max(32) });
const itemParams = z.object({ itemCode });
const jobParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'a job id') });

export const pointsAdminRoutes = {
  listItems: defineRoute({
    method: 'get',
    path: '/api/admin/points/items',
    summary: 'The redemption catalogue, inactive items included',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(redeemItemView) }),
  }),
  createItem: defineRoute({
    method: 'post',
    path: '/api/admin/points/items',
    summary: 'Add a redemption item',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    body: redeemItemBody,
    response: redeemItemView,
    status: 201,
  }),
  updateItem: defineRoute({
    method: 'put',
    path: '/api/admin/points/items/:itemCode',
    summary: 'Change a redemption item',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: itemParams,
    body: redeemItemUpdate,
    response: redeemItemView,
  }),
  deleteItem: defineRoute({
    method: 'delete',
    path: '/api/admin/points/items/:itemCode',
    summary: 'Remove a redemption item (past redemptions keep its name)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: itemParams,
    response: ok,
  }),
  memberPoints: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo/points',
    summary: "A member's points: balance, lots and ledger",
    tag: 'admin',
    auth: 'admin',
    params: memberNoParams,
    query: pageQuery,
    response: memberPointsView,
  }),
  adjust: defineRoute({
    method: 'post',
    path: '/api/admin/members/:memberNo/points/adjust',
    summary: "Manually credit or debit a member's points, with a reason",
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: memberNoParams,
    body: adjustBody,
    response: pointsEntryView,
  }),
  createGrant: defineRoute({
    method: 'post',
    path: '/api/admin/points/grants',
    summary: 'Grant or deduct points for a tier, a tag or a member list, as a background job',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    body: grantBody,
    response: grantJobView,
    status: 202,
  }),
  listGrants: defineRoute({
    method: 'get',
    path: '/api/admin/points/grants',
    summary: 'Bulk grant jobs, newest first',
    tag: 'admin',
    auth: 'admin',
    query: pageQuery,
    response: paged(grantJobView),
  }),
  getGrant: defineRoute({
    method: 'get',
    path: '/api/admin/points/grants/:id',
    summary: 'Progress and failure report of a bulk grant job',
    tag: 'admin',
    auth: 'admin',
    params: jobParams,
    response: grantJobView,
  }),
  resumeGrant: defineRoute({
    method: 'post',
    path: '/api/admin/points/grants/:id/resume',
    summary: 'Continue a bulk grant job that stopped (already-granted members are skipped)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: jobParams,
    response: grantJobView,
    status: 202,
  }),
  getSettings: defineRoute({
    method: 'get',
    path: '/api/admin/points/settings',
    summary: 'Points expiry rule and points per yuan',
    tag: 'admin',
    auth: 'admin',
    response: pointsSettingsView,
  }),
  putSettings: defineRoute({
    method: 'put',
    path: '/api/admin/points/settings',
    summary: 'Change the expiry rule (applies to points earned from now on) and points per yuan',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    body: pointsSettings,
    response: pointsSettingsView,
  }),
};
