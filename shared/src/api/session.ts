import { z } from 'zod';
import { tencentCode, text } from './common';
import { defineRoute } from './index-base';

/** The tier as every client shows it. */
export const tierBadge = z.object({
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  color: z.string(),
});
export type TierBadge = z.infer<typeof tierBadge>;

export const memberSummary = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  phoneBound: z.boolean(),
  tier: tierBadge,
});
export type MemberSummary = z.infer<typeof memberSummary>;

export const sessionBody = z.object({
  /** The wx.login code (single use, 5 minutes), sent on to code2Session. */
  code: tencentCode,
  /** Mini-program launch scene or referral code carried by a share or QR code. */
  scene: text(0, 64).optional(),
});

export const sessionResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  member: memberSummary,
});
export type SessionResponse = z.infer<typeof sessionResponse>;

export const phoneBody = z.object({ code: tencentCode });

export const sessionRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/api/mp/session',
    summary: 'Exchange a wx.login code for a member session token',
    tag: 'member',
    auth: 'none',
    body: sessionBody,
    response: sessionResponse,
  }),
  bindPhone: defineRoute({
    method: 'post',
    path: '/api/mp/phone',
    summary: 'Bind the phone number from the phone-number button code',
    tag: 'member',
    auth: 'member',
    body: phoneBody,
    response: z.object({ member: memberSummary }),
  }),
};
