import { z } from 'zod';
import { RFM_SEGMENTS } from '../domain/analytics/rfm';
import { defineRoute } from './index-base';

const admin = { tag: 'admin', auth: 'admin' } as const;
const isoWeek = z.string().regex(/^\d{4}-W\d{2}$/, '周次格式应为 YYYY-Www');

/** The member-health check's thresholds (an admin setting). */
export const memberHealthSettings = z.object({
  /** A week is unhealthy when this share of the valuable members crossed the churn rule in it. */
  churnRateMax: z.number().gt(0, '阈值须大于 0').lt(1, '阈值须小于 100%'),
  /** Unhealthy weeks in a row before the diagnosis alert opens. */
  consecutiveWeeks: z.number().int().min(1).max(8),
  /** The segments that count as high-value. */
  segments: z.array(z.enum(RFM_SEGMENTS)).min(1, '至少选择一个高价值分层'),
});
export type MemberHealthSettings = z.infer<typeof memberHealthSettings>;

/** One Beijing ISO week: churned / base as measured on its last value run so far. */
export const memberHealthWeek = z.object({
  week: isoWeek,
  day: z.string(),
  churned: z.number().int(),
  base: z.number().int(),
  rate: z.number(),
  unhealthy: z.boolean(),
});
export type MemberHealthWeek = z.infer<typeof memberHealthWeek>;

export const memberHealthOverview = z.object({
  settings: memberHealthSettings,
  /** Oldest first, at most 12. */
  weeks: z.array(memberHealthWeek),
  /** The open diagnosis alert, if the check is currently firing. */
  alert: z.object({ id: z.string(), week: isoWeek, title: z.string() }).nullable(),
});
export type MemberHealthOverview = z.infer<typeof memberHealthOverview>;

const breakdown = z.array(z.object({ key: z.string(), label: z.string(), members: z.number() }));

export const memberHealthDiagnosis = z.object({
  week: isoWeek,
  churned: z.number().int(),
  base: z.number().int(),
  rate: z.number(),
  /** The diagnosis looks at up to this many of the week's churned members. */
  examined: z.number().int(),
  byCircle: breakdown,
  byStore: breakdown,
  byConsultant: breakdown,
  perkUsage: z.object({ usedIn90d: z.number().int(), share: z.number() }),
  members: z.array(
    z.object({
      memberId: z.string(),
      memberNo: z.string(),
      nickname: z.string(),
      segment: z.string(),
      lastTouch: z.object({ at: z.string(), kind: z.string(), playbookId: z.string() }).nullable(),
    }),
  ),
});
export type MemberHealthDiagnosis = z.infer<typeof memberHealthDiagnosis>;

export const memberHealthRoutes = {
  overview: defineRoute({
    ...admin,
    method: 'get',
    path: '/api/admin/member-health',
    summary: 'High-value churn rate by week, and the open diagnosis alert',
    response: memberHealthOverview,
  }),
  diagnosis: defineRoute({
    ...admin,
    method: 'get',
    path: '/api/admin/member-health/diagnosis',
    summary:
      "Where a week's high-value churn comes from (circles, stores, consultants, perks, touches)",
    query: z.object({ week: isoWeek.optional() }),
    response: memberHealthDiagnosis,
  }),
  saveSettings: defineRoute({
    ...admin,
    method: 'put',
    path: '/api/admin/member-health/settings',
    summary: 'Change the member-health thresholds',
    roles: ['admin'],
    body: memberHealthSettings.strict(),
    response: memberHealthSettings,
  }),
};
