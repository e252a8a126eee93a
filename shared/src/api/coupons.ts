import { z } from 'zod';
import { stableId } from './index-base';

// Coupon contracts shared by the perk catalogue, the POS API and 券包 (routes in ./perks).

/** A perk instance's redemption code as a till types or scans it. */
export const redemptionCode = z.string().trim().toUpperCase().min(4).max(32);

const fen = z.number().int().min(0).max(100_000_000);

/** A coupon's money terms (see shared/src/domain/perks/coupon.ts); amounts in fen. */
export const couponTerms = z
  .object({
    type: z.enum(['cash', 'discount']),
    /** cash: fen off; discount: percent paid (88 = 8.8折). */
    value: z.number().int().min(1).max(100_000_000),
    thresholdFen: fen.default(0),
    maxOffFen: fen.min(1).nullable().default(null),
    categories: z
      .array(z.string().trim().min(1).max(64))
      .max(20)
      .refine((a) => new Set(a).size === a.length, { message: 'categories must be unique' })
      .default([]),
  })
  .refine((t) => t.type === 'cash' || (t.value >= 10 && t.value <= 99), {
    message: 'a discount pays 10–99 percent (88 = 8.8折)',
    path: ['value'],
  })
  .refine((t) => t.type === 'discount' || t.maxOffFen === null, {
    message: 'only a discount coupon has a cap',
    path: ['maxOffFen'],
  });
export type CouponTermsBody = z.infer<typeof couponTerms>;

/** The order a coupon is used on: its amount and, for category coupons, its lines. */
export const couponOrder = z.object({
  orderNo: stableId.optional(),
  amount: z.number().int().min(1).max(100_000_000),
  items: z
    .array(z.object({ category: z.string().trim().min(1).max(64), amount: fen }))
    .min(1)
    .max(500)
    .optional(),
});
export type CouponOrderBody = z.infer<typeof couponOrder>;

export const couponQuoteBody = z.object({
  redemptionCode,
  order: couponOrder,
});

/** Whether a coupon can be used on an order and what it would take off; changes nothing. */
export const couponQuoteResponse = z.object({
  redemptionCode: z.string(),
  perkName: z.string(),
  status: z.enum(['claimed', 'used', 'expired']),
  usable: z.boolean(),
  eligibleFen: z.number().int(),
  discountFen: z.number().int(),
  /** Why it cannot be used, in Chinese for the till's screen. */
  reason: z.string().nullable(),
  coupon: couponTerms.nullable(),
});
