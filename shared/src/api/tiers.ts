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

export const tierLadderResponse = tierLadderBody.extend({
  updatedAt: z.string().nullable(),
  /**
   * A saved ladder the tier job has not yet applied to every member: the time of the run that
   * will (Beijing schedule, as an ISO instant). Null once applied (or never saved).
   */
  effectiveAt: z.string().nullable(),
});

/**
 * The proposed ladder run through the tier rules over every active member: exactly the moves the
 * first tier-job run after a save makes (upgrades where growth reaches a threshold; downgrades
 * only where a member's evaluation date has come).
 */
export const tierPreviewResponse = z.object({
  totalMembers: z.number().int(),
  movesUp: z.number().int(),
  movesDown: z.number().int(),
  /** Members whose tier is not in the proposed ladder and who keep it for now. */
  outsideLadder: z.number().int(),
  tiers: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** Members in the tier now. */
      current: z.number().int(),
      /** Members in the tier after the run. */
      preview: z.number().int(),
      /** Members of the tier now who move up / down in the run. */
      up: z.number().int(),
      down: z.number().int(),
      /** Members in the tier after the run whose growth is below its retention threshold. */
      atRisk: z.number().int(),
    }),
  ),
  /** The data's time, and the run that applies a ladder saved now. */
  evaluatedAt: z.string(),
  effectiveAt: z.string(),
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
    summary: 'Members per tier now and after the tier run that applies these thresholds',
    tag: 'admin',
    auth: 'admin',
    body: tierLadderBody,
    response: tierPreviewResponse,
  }),
};
