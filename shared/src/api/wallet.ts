import { z } from 'zod';
import { WALLET_REASONS } from '../domain/wallet/reasons';
import {
  defineRoute,
  idempotencyKey,
  ok,
  pageQuery,
  paged,
  positiveFen,
  stableId,
} from './index-base';
import { memberRef } from './orders';

const WRITE_ROLES = ['admin', 'ops'] as const;
const fenAmount = z.number().int().nonnegative().max(1_000_000_000_00);

/** A wallet's buckets in fen: balance = principal (paid in) + bonus (given by the brand). */
export const walletBalance = z.object({
  balance: z.number().int(),
  principal: z.number().int(),
  bonus: z.number().int(),
});
export type WalletBalance = z.infer<typeof walletBalance>;

export const walletEntryView = z.object({
  id: z.string(),
  reason: z.enum(WALLET_REASONS),
  /** Chinese text members read, e.g. 储值消费. */
  reasonText: z.string(),
  delta: z.number().int(),
  principalDelta: z.number().int(),
  bonusDelta: z.number().int(),
  balanceAfter: z.number().int(),
  principalAfter: z.number().int(),
  bonusAfter: z.number().int(),
  note: z.string().nullable(),
  sourceType: z.string(),
  sourceId: z.string(),
  createdAt: z.string(),
});
export type WalletEntryView = z.infer<typeof walletEntryView>;

export const walletRuleView = z.object({
  id: z.string(),
  threshold: z.number().int(),
  bonus: z.number().int(),
  /** e.g. 充1000送100. */
  label: z.string(),
  active: z.boolean(),
});
export type WalletRuleView = z.infer<typeof walletRuleView>;

export const walletSummary = walletBalance.extend({
  /** Active top-up rules, lowest threshold first (for the 储值 page). */
  rules: z.array(walletRuleView),
  history: paged(walletEntryView),
});
export type WalletSummary = z.infer<typeof walletSummary>;

export const walletRoutes = {
  summary: defineRoute({
    method: 'get',
    path: '/api/mp/wallet',
    summary: 'Stored-value balance (principal and bonus), top-up rules and the paged history',
    tag: 'member',
    auth: 'member',
    query: pageQuery,
    response: walletSummary,
  }),
};

// ---- integrations (signed like the orders API) ----

export const chargeBody = z.object({
  chargeNo: stableId,
  member: memberRef,
  amount: positiveFen,
  storeCode: stableId.optional(),
  orderNo: stableId.optional(),
  note: z.string().trim().max(200).optional(),
});
export type ChargeBody = z.infer<typeof chargeBody>;

export const CHARGE_STATUSES = ['charged', 'partially_refunded', 'refunded'] as const;

export const chargeResponse = z.object({
  chargeNo: z.string(),
  memberNo: z.string(),
  amount: z.number().int(),
  /** What the charge took from each bucket. */
  principal: z.number().int(),
  bonus: z.number().int(),
  refunded: z.number().int(),
  status: z.enum(CHARGE_STATUSES),
  wallet: walletBalance,
  at: z.string(),
});
export type ChargeResponse = z.infer<typeof chargeResponse>;

export const chargeRefundBody = z.object({
  refundNo: stableId,
  amount: positiveFen,
  reason: z.string().trim().min(1).max(200),
});
export type ChargeRefundBody = z.infer<typeof chargeRefundBody>;

export const chargeRefundResponse = z.object({
  chargeNo: z.string(),
  refundNo: z.string(),
  amount: z.number().int(),
  /** What this refund returned to each bucket. */
  principal: z.number().int(),
  bonus: z.number().int(),
  refunded: z.number().int(),
  status: z.enum(CHARGE_STATUSES),
  wallet: walletBalance,
});
export type ChargeRefundResponse = z.infer<typeof chargeRefundResponse>;

export const topUpBody = z.object({
  topUpNo: stableId,
  member: memberRef,
  principal: positiveFen,
  /** Omitted: computed from the top-up rules. */
  bonus: fenAmount.optional(),
  note: z.string().trim().max(200).optional(),
});
export type TopUpBody = z.infer<typeof topUpBody>;

export const topUpResponse = z.object({
  topUpNo: z.string(),
  memberNo: z.string(),
  principal: z.number().int(),
  bonus: z.number().int(),
  wallet: walletBalance,
  at: z.string(),
});
export type TopUpResponse = z.infer<typeof topUpResponse>;

export const walletIntegrationRoutes = {
  charge: defineRoute({
    method: 'post',
    path: '/api/integrations/wallet/charges',
    summary: 'Pay from the stored-value wallet at checkout (idempotent by chargeNo)',
    tag: 'integrations',
    auth: 'integration',
    body: chargeBody,
    response: chargeResponse,
  }),
  refundCharge: defineRoute({
    method: 'post',
    path: '/api/integrations/wallet/charges/:chargeNo/refunds',
    summary: 'Refund part or all of a wallet charge back to the wallet (idempotent by refundNo)',
    tag: 'integrations',
    auth: 'integration',
    params: z.object({ chargeNo: stableId }),
    body: chargeRefundBody,
    response: chargeRefundResponse,
  }),
  topUp: defineRoute({
    method: 'post',
    path: '/api/integrations/wallet/topups',
    summary: 'Credit a top-up paid elsewhere (e.g. at the till); idempotent by topUpNo',
    tag: 'integrations',
    auth: 'integration',
    body: topUpBody,
    response: topUpResponse,
  }),
};

// ---- admin ----

export const walletRuleBody = z.object({
  threshold: positiveFen,
  bonus: positiveFen,
  active: z.boolean().default(true),
});
export const walletRuleUpdate = z
  .object({ threshold: positiveFen, bonus: positiveFen, active: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to update' });

export const adminTopUpBody = z.object({
  principal: positiveFen,
  bonus: fenAmount.optional(),
  reason: z.string().trim().min(1).max(200),
  idempotencyKey,
});

export const memberWalletView = walletBalance.extend({
  memberNo: z.string(),
  /** Σ ledger deltas; always equals balance (shown so ops can see it does). */
  ledgerBalance: z.number().int(),
  history: paged(walletEntryView),
});

const memberNoParams = z.object({ memberNo: z.string().min(1).max(32) });
const ruleParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'a rule id') });

export const walletAdminRoutes = {
  listRules: defineRoute({
    method: 'get',
    path: '/api/admin/wallet/rules',
    summary: 'Top-up bonus rules (储值满赠), inactive ones included',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ rules: z.array(walletRuleView) }),
  }),
  createRule: defineRoute({
    method: 'post',
    path: '/api/admin/wallet/rules',
    summary: 'Add a top-up bonus rule; thresholds are unique',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    body: walletRuleBody,
    response: walletRuleView,
    status: 201,
  }),
  updateRule: defineRoute({
    method: 'put',
    path: '/api/admin/wallet/rules/:id',
    summary: 'Change a top-up bonus rule (applies to top-ups from now on)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: ruleParams,
    body: walletRuleUpdate,
    response: walletRuleView,
  }),
  deleteRule: defineRoute({
    method: 'delete',
    path: '/api/admin/wallet/rules/:id',
    summary: 'Remove a top-up bonus rule',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: ruleParams,
    response: ok,
  }),
  memberWallet: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo/wallet',
    summary: "A member's wallet: buckets and ledger",
    tag: 'admin',
    auth: 'admin',
    params: memberNoParams,
    query: pageQuery,
    response: memberWalletView,
  }),
  topUp: defineRoute({
    method: 'post',
    path: '/api/admin/members/:memberNo/wallet/topups',
    summary: 'Manually credit a top-up (e.g. paid at the counter), with a reason',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: memberNoParams,
    body: adminTopUpBody,
    response: walletEntryView,
  }),
};
