import { z } from 'zod';
import { defineRoute } from './index-base';

export const tierDef = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,23}$/, 'lowercase letters, digits, _ (2–24)'),
  name: z.string().trim().min(1).max(16),
  rank: z.number().int().min(0).max(99),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'a colour like #C9A227'),
  upgradeGrowth: z.number().int().min(0),
  retainGrowth: z.number().int().min(0),
  pointsMultiplier: z.number().min(0.1).max(10),
});

export const tierLadderBody = z.object({
  tiers: z.array(tierDef).min(1).max(12),
  growthPerYuan: z.number().positive().max(100),
});
export type TierLadderBody = z.infer<typeof tierLadderBody>;

export const tierLadderResponse = tierLadderBody.extend({ updatedAt: z.string().nullable() });

export const tierPreviewResponse = z.object({
  totalMembers: z.number().int(),
  tiers: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      current: z.number().int(),
      preview: z.number().int(),
    }),
  ),
});

export const tierRoutes = {
  get: defineRoute({
    method: 'get',
    path: '/api/admin/tiers',
    summary: 'The tier ladder and growth rate',
    tag: 'admin',
    auth: 'admin',
    response: tierLadderResponse,
  }),
  put: defineRoute({
    method: 'put',
    path: '/api/admin/tiers',
    summary: 'Replace the tier ladder (ranks and thresholds strictly increasing)',
    tag: 'admin',
    auth: 'admin',
    body: tierLadderBody,
    response: tierLadderResponse,
  }),
  preview: defineRoute({
    method: 'post',
    path: '/api/admin/tiers/preview',
    summary: 'How many members would land in each tier with these thresholds',
    tag: 'admin',
    auth: 'admin',
    body: tierLadderBody,
    response: tierPreviewResponse,
  }),
};
