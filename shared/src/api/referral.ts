import { z } from 'zod';
import { defineRoute } from './index-base';

export const REFERRAL_STATES = ['bound', 'pending', 'qualified', 'void'] as const;

export const referralInvitee = z.object({
  nickname: z.string(),
  memberNoMasked: z.string(),
  /** bound: arrived; pending: qualifying order in its cooling-off; qualified: rewarded; void. */
  state: z.enum(REFERRAL_STATES),
  voidReason: z.string().nullable(),
  boundAt: z.string(),
  qualifyAt: z.string().nullable(),
  /** Points the inviter got (or will get when it qualifies). */
  rewardPoints: z.number().int(),
});

export const referralView = z.object({
  code: z.string(),
  shareCard: z.object({ title: z.string(), path: z.string() }),
  /**
   * The mini-program code image (wxacode, scene = invite code) as a data URL in the content type
   * WeChat returned (JPEG); null when WeChat could not make one (the share button still works).
   */
  qrCode: z.string().nullable(),
  invitedBy: z.object({ nickname: z.string(), state: z.enum(REFERRAL_STATES) }).nullable(),
  invitees: z.array(referralInvitee),
});
export type ReferralView = z.infer<typeof referralView>;

export const referralBindBody = z.object({
  /** Defaults to the scene the member first arrived with. */
  code: z.string().min(1).max(32).optional(),
});

export const referralBindResponse = z.object({
  inviter: z.object({ nickname: z.string() }),
  state: z.enum(REFERRAL_STATES),
});

const sideReward = z.object({
  points: z.number().int().min(0).max(1_000_000),
  growth: z.number().int().min(0).max(1_000_000),
});

export const referralSettings = z.object({
  /** The invitee's first paid order must be at least this (fen). */
  minOrderAmount: z.number().int().min(0).max(100_000_000),
  coolingOffDays: z.number().int().min(0).max(90),
  monthlyCap: z.number().int().min(1).max(1000),
  inviterReward: sideReward,
  inviteeReward: sideReward,
});
export type ReferralSettings = z.infer<typeof referralSettings>;

export const referralRoutes = {
  view: defineRoute({
    method: 'get',
    path: '/api/mp/referral',
    summary: 'My invite code, share card, wxacode image and the friends I invited',
    tag: 'member',
    auth: 'member',
    response: referralView,
  }),
  bind: defineRoute({
    method: 'post',
    path: '/api/mp/referral/bind',
    summary: 'Bind a newly arrived member to the inviter of the code it arrived with',
    tag: 'member',
    auth: 'member',
    body: referralBindBody,
    response: referralBindResponse,
  }),
};

export const adminReferralRoutes = {
  getSettings: defineRoute({
    method: 'get',
    path: '/api/admin/referral/settings',
    summary: 'Referral reward and qualification settings',
    tag: 'admin',
    auth: 'admin',
    response: referralSettings,
  }),
  putSettings: defineRoute({
    method: 'put',
    path: '/api/admin/referral/settings',
    summary: 'Change the referral reward and qualification settings',
    tag: 'admin',
    auth: 'admin',
    roles: ['admin', 'ops'],
    body: referralSettings,
    response: referralSettings,
  }),
};
