import { z } from 'zod';
import {
  couponOrder,
  couponQuoteBody,
  couponQuoteResponse,
  couponTerms,
  redemptionCode,
} from './coupons';
import { circleIds, defineRoute, stableId } from './index-base';

/**
 * Tier perks (权益). A perk is assigned to an explicit list of tier codes (`tierCodes`); an empty
 * list makes a perk that is only ever issued (paid membership, points redemption), never listed
 * as a tier perk. The
 * admin API also takes `fromTier` ("this tier and every higher one") and stores it expanded
 * against the current ladder, so a tier added later never silently inherits perks.
 */
export const PERK_KINDS = [
  'coupon',
  'free_shipping',
  'birthday_gift',
  'priority_service',
  'new_product_preview',
  'event_access',
  'custom',
] as const;
export type PerkKind = (typeof PERK_KINDS)[number];

// Kept local (not imported from domain/) so contract files depend only on ./index-base.
const periods = ['month', 'year', 'lifetime'] as const;
const states = ['locked', 'claimed', 'claimable', 'auto', 'used', 'exhausted'] as const;

export const perkCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, 'lowercase letters, digits, _ (2–32)');
const tierCode = z.string().regex(/^[a-z][a-z0-9_]{1,23}$/, 'a tier code');
const tierCodes = z
  .array(tierCode)
  .min(0)
  .max(12)
  .refine((a) => new Set(a).size === a.length, { message: 'tier codes must be unique' });

export const perkQuota = z.object({
  period: z.enum(periods),
  /** Claims per period (birthday gifts: issues per period). */
  limit: z.number().int().min(1).max(100),
});

export const perkBody = z.object({
  code: perkCode,
  name: z.string().trim().min(1).max(32),
  description: z.string().trim().max(500).default(''),
  kind: z.enum(PERK_KINDS),
  imageUrl: z.string().url().max(500).nullable().default(null),
  tierCodes,
  quota: perkQuota,
  /** An instance can be used for this many days after it was claimed or issued. */
  validityDays: z.number().int().min(1).max(3650),
  /** Circle-exclusive perks: only members of one of these circles see and claim it. */
  circleIds: circleIds.default([]),
  /** Show it locked ("加入 X 圈层可解锁") to members outside the circles instead of hiding it. */
  showLocked: z.boolean().default(false),
  /** The content interest it speaks to: the perks page puts it first for interested members. */
  topic: z.string().trim().min(1).max(20).nullable().default(null),
  /** Money terms of a `coupon` perk (null: a voucher for a thing, e.g. a coffee). */
  coupon: couponTerms.nullable().default(null),
});
export type PerkBody = z.infer<typeof perkBody>;

export const perkPatch = z
  .object({
    name: perkBody.shape.name,
    description: z.string().trim().max(500),
    kind: perkBody.shape.kind,
    imageUrl: z.string().url().max(500).nullable(),
    quota: perkQuota,
    validityDays: perkBody.shape.validityDays,
    circleIds,
    showLocked: z.boolean(),
    topic: z.string().trim().min(1).max(20).nullable(),
    coupon: couponTerms.nullable(),
    /** `active` restores an archived perk. */
    status: z.enum(['active', 'archived']),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type PerkPatch = z.infer<typeof perkPatch>;

/** Exactly one of an explicit tier list or "from this tier upwards". */
export const perkTiersBody = z
  .object({ tierCodes: tierCodes.optional(), fromTier: tierCode.optional() })
  .strict()
  .refine((b) => (b.tierCodes === undefined) !== (b.fromTier === undefined), {
    message: 'give exactly one of tierCodes, fromTier',
  });
export type PerkTiersBody = z.infer<typeof perkTiersBody>;

export const perkView = perkBody.extend({
  description: z.string(),
  imageUrl: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PerkView = z.infer<typeof perkView>;

export const perkListQuery = z.object({
  status: z.enum(['active', 'archived', 'all']).default('active'),
  kind: z.enum(PERK_KINDS).optional(),
});

export const perkInstanceView = z.object({
  perkCode: z.string(),
  perkName: z.string(),
  kind: z.enum(PERK_KINDS),
  memberNo: z.string(),
  redemptionCode: z.string(),
  status: z.enum(['claimed', 'used', 'expired']),
  source: z.enum(['claim', 'issue']),
  claimedAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  /** The coupon terms as issued (later edits of the perk do not change them). */
  coupon: couponTerms.nullable(),
});
export type PerkInstanceView = z.infer<typeof perkInstanceView>;

export const memberPerk = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(PERK_KINDS),
  imageUrl: z.string().nullable(),
  state: z.enum(states),
  /** "每月 2 次" */
  quotaText: z.string(),
  period: z.enum(periods),
  limit: z.number().int(),
  /** Claims left in the current period (0 when locked). */
  remaining: z.number().int(),
  validityDays: z.number().int(),
  /** The unused instance the member holds (state `claimed`). */
  instance: z
    .object({ redemptionCode: z.string(), claimedAt: z.string(), expiresAt: z.string() })
    .nullable(),
  /** Locked perks: the lowest higher tier that has it, and "升级到金卡解锁". */
  unlockTier: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** The content interest the perk speaks to (the member center tracks taps on it). */
  topic: z.string().nullable().optional(),
  /** Circle-exclusive perks shown locked: the circle to join ("加入 成分党高潜 圈层可解锁"). */
  unlockCircle: z.object({ id: z.string(), name: z.string() }).nullable(),
  lockedText: z.string().nullable(),
});
export type MemberPerk = z.infer<typeof memberPerk>;

export const memberPerksResponse = z.object({
  tier: z.object({ code: z.string(), name: z.string() }),
  /** The member's own perks first, then locked perks of higher tiers by tier rank. */
  perks: z.array(memberPerk),
});
export type MemberPerksResponse = z.infer<typeof memberPerksResponse>;

export const perkRedeemBody = z.object({
  redemptionCode,
  storeCode: stableId.optional(),
  consultantUserId: z.string().min(1).max(64).optional(),
  /** Required for a coupon with money terms: the order it is used on. */
  order: couponOrder.optional(),
});

export const perkRedeemResponse = perkInstanceView.extend({
  /** False when the code had been used already (a replay answers with the first use). */
  firstUse: z.boolean(),
  /** What the coupon took off the order it was used on (null: not a money coupon). */
  discountFen: z.number().int().nullable(),
});

/** One entry of 券包: a claimed or issued perk (coupons with their terms) and its code. */
export const memberCoupon = perkInstanceView.extend({
  description: z.string(),
  /** "满¥200.00减¥30.00 · 限护肤" for money coupons, else null. */
  termsText: z.string().nullable(),
  /** How the member got it: 领取 / 积分兑换 / 黑卡会员 …. */
  sourceText: z.string(),
});
export type MemberCoupon = z.infer<typeof memberCoupon>;

export const perkMetrics = z.object({
  tiers: z.array(
    z.object({
      tierCode: z.string(),
      eligibleMembers: z.number().int(),
      membersUsedAny: z.number().int(),
      /** membersUsedAny ÷ eligibleMembers (0 when no member is eligible). */
      penetration: z.number(),
    }),
  ),
  perks: z.array(
    z.object({
      perkCode: z.string(),
      perkName: z.string(),
      tierCode: z.string(),
      eligibleMembers: z.number().int(),
      membersClaimed: z.number().int(),
      membersUsed: z.number().int(),
      /** membersUsed ÷ eligibleMembers (0 when no member is eligible). */
      usageRate: z.number(),
    }),
  ),
});
export type PerkMetrics = z.infer<typeof perkMetrics>;

const codeParams = z.object({ code: perkCode });
const WRITERS = ['admin', 'ops'] as const;

export const perkRoutes = {
  mine: defineRoute({
    method: 'get',
    path: '/api/mp/perks',
    summary: "The member's perks with claim state, and higher tiers' perks locked",
    tag: 'mp',
    auth: 'member',
    response: memberPerksResponse,
  }),
  claim: defineRoute({
    method: 'post',
    path: '/api/mp/perks/:code/claim',
    summary: 'Claim a perk (a retry while the instance is unused returns the same instance)',
    tag: 'mp',
    auth: 'member',
    params: codeParams,
    response: perkInstanceView,
  }),
  coupons: defineRoute({
    method: 'get',
    path: '/api/mp/coupons',
    summary:
      "券包: the member's claimed and issued perks and coupons with their codes, newest first",
    tag: 'mp',
    auth: 'member',
    response: z.object({ items: z.array(memberCoupon) }),
  }),
  quote: defineRoute({
    method: 'post',
    path: '/api/integrations/coupons/quote',
    summary: 'Check a coupon against an order and answer the discount (uses nothing)',
    tag: 'integrations',
    auth: 'integration',
    body: couponQuoteBody,
    response: couponQuoteResponse,
  }),
  redeem: defineRoute({
    method: 'post',
    path: '/api/integrations/perks/redeem',
    summary:
      'Mark a perk instance used by its redemption code (idempotent); a money coupon needs the order',
    tag: 'integrations',
    auth: 'integration',
    body: perkRedeemBody,
    response: perkRedeemResponse,
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/admin/perks',
    summary: 'The perk catalogue',
    tag: 'admin',
    auth: 'admin',
    query: perkListQuery,
    response: z.object({ items: z.array(perkView) }),
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/admin/perks/:code',
    summary: 'One perk',
    tag: 'admin',
    auth: 'admin',
    params: codeParams,
    response: perkView,
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/admin/perks',
    summary: 'Add a perk to the catalogue',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    body: perkBody,
    response: perkView,
    status: 201,
  }),
  update: defineRoute({
    method: 'patch',
    path: '/api/admin/perks/:code',
    summary: 'Change a perk (name, description, kind, image, quota, validity, status)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    params: codeParams,
    body: perkPatch,
    response: perkView,
  }),
  archive: defineRoute({
    method: 'delete',
    path: '/api/admin/perks/:code',
    summary: 'Archive a perk: no new claims; issued instances stay redeemable',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    params: codeParams,
    response: perkView,
  }),
  assign: defineRoute({
    method: 'put',
    path: '/api/admin/perks/:code/tiers',
    summary: 'Assign a perk to tiers (explicit list, or a tier and every higher one)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    params: codeParams,
    body: perkTiersBody,
    response: perkView,
  }),
  metrics: defineRoute({
    method: 'get',
    path: '/api/admin/perk-metrics',
    summary: 'Per tier and perk: eligible, claimed and used members; penetration, usage rate',
    tag: 'admin',
    auth: 'admin',
    response: perkMetrics,
  }),
};
