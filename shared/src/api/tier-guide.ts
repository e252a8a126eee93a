import { z } from 'zod';
import { defineRoute } from './index-base';

/** One rung of the ladder as a member reads it in 等级说明. */
export const tierGuideTier = z.object({
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  color: z.string(),
  /** Growth (and the spend in fen that earns it) to reach this tier; 0 for the base tier. */
  upgradeGrowth: z.number().int(),
  upgradeSpend: z.number().int(),
  /** Growth within the validity window to keep the tier at the next evaluation. */
  retainGrowth: z.number().int(),
  retainSpend: z.number().int(),
  pointsMultiplier: z.number(),
  perks: z.array(z.object({ code: z.string(), name: z.string() })),
  current: z.boolean(),
});
export type TierGuideTier = z.infer<typeof tierGuideTier>;

export const tierGuideResponse = z.object({
  tiers: z.array(tierGuideTier),
  growth: z.number().int(),
  growthPerYuan: z.number(),
  /** When the current tier is evaluated next (kept or lowered); null on the base tier. */
  nextEvaluationAt: z.string().nullable(),
  /** A manual tier set by the brand, with its end; evaluation resumes after it. */
  manualUntil: z.string().nullable(),
});
export type TierGuideResponse = z.infer<typeof tierGuideResponse>;

export const tierGuideRoutes = {
  guide: defineRoute({
    method: 'get',
    path: '/api/mp/tiers',
    summary: 'The tier ladder with thresholds and perks, and where the member stands on it',
    tag: 'mp',
    auth: 'member',
    response: tierGuideResponse,
  }),
};
