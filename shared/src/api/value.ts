import { z } from 'zod';
import { dayString, defineRoute, paged, pageQuery } from './index-base';

/**
 * What raised an alert; the value engine raises the first four, WeCom raises wecom_deleted,
 * payments wxpay_refund_abnormal (a refund stuck in WeChat Pay's abnormal-refund account), the
 * member-health check member_health (high-value churn above its threshold for weeks running).
 */
export const ALERT_KINDS = [
  'value_slide',
  'churn_risk',
  'perk_penetration',
  'perk_usage',
  'wecom_deleted',
  'wxpay_refund_abnormal',
  'member_health',
] as const;
export const alertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof alertKind>;

export const alertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof alertSeverity>;

export const alertView = z.object({
  id: z.string(),
  kind: alertKind,
  severity: alertSeverity,
  title: z.string(),
  detail: z.string(),
  memberId: z.string().nullable(),
  memberNo: z.string().nullable(),
  tierCode: z.string().nullable(),
  perkCode: z.string().nullable(),
  status: z.enum(['open', 'acknowledged']),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

export const alertListQuery = pageQuery.extend({
  status: z.enum(['open', 'acknowledged']).optional(),
  kind: alertKind.optional(),
  memberNo: z.string().min(1).max(32).optional(),
});

/** A member's value as of the latest run (sidebar, admin member detail). */
export const memberValueView = z.object({
  memberId: z.string(),
  /** Null until a run has scored the member (no purchase yet, or no run yet). */
  asOf: dayString.nullable(),
  segment: z.string().nullable(),
  /** R/F/M arrows of the segment, e.g. R↑F↓M↑. */
  segmentFlags: z.string().nullable(),
  scores: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }).nullable(),
  recencyDays: z.number().int().nullable(),
  frequency: z.number().int().nullable(),
  monetaryFen: z.number().int().nullable(),
  pAlive: z.number().nullable(),
  expectedPurchases90d: z.number().nullable(),
  clv12mFen: z.number().int().nullable(),
  /** Shares + 3 × invites + 2 × event attendances in the last 90 days (圈层影响力). */
  influenceScore: z.number().int().nullable(),
  warnings: z.array(alertView),
});
export type MemberValueView = z.infer<typeof memberValueView>;

export const segmentRow = z.object({
  segment: z.string(),
  flags: z.string(),
  members: z.number().int(),
  memberShare: z.number(),
  revenueFen: z.number().int(),
  revenueShare: z.number(),
});

export const migrationView = z.object({
  from: dayString.nullable(),
  to: dayString.nullable(),
  segments: z.array(z.string()),
  counts: z.array(z.array(z.number().int())),
  shares: z.array(z.array(z.number())),
  exited: z.array(z.number().int()),
  entered: z.array(z.number().int()),
  fromTotals: z.array(z.number().int()),
  toTotals: z.array(z.number().int()),
});
export type MigrationView = z.infer<typeof migrationView>;

export const perkPenetrationView = z.object({
  tiers: z.array(
    z.object({
      tierCode: z.string(),
      eligibleMembers: z.number().int(),
      membersUsedAny: z.number().int(),
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
      usageRate: z.number(),
    }),
  ),
});

export const valueOverview = z.object({
  /** The latest finished run, null before the first. */
  run: z
    .object({
      asOf: dayString,
      finishedAt: z.string(),
      scored: z.number().int(),
      model: z
        .object({
          bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
          gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number() }),
          unitDays: z.number(),
          fittedOn: z.number().int(),
        })
        .nullable(),
    })
    .nullable(),
  tierMix: z.array(
    z.object({ tierCode: z.string(), tierName: z.string(), members: z.number().int() }),
  ),
  segments: z.array(segmentRow),
  pareto: z.array(z.object({ memberShare: z.number(), revenueShare: z.number() })),
  /** Members per 12-month CLV band (fen, lower bound inclusive). */
  clvBands: z.array(z.object({ fromFen: z.number().int(), members: z.number().int() })),
  migration: migrationView,
  perkPenetration: perkPenetrationView,
  openAlerts: z.object({
    total: z.number().int(),
    byKind: z.record(z.string(), z.number().int()),
    latest: z.array(alertView),
  }),
});
export type ValueOverview = z.infer<typeof valueOverview>;

export const valueRunResponse = z.object({
  ran: z.boolean(),
  runId: z.string().nullable(),
  scored: z.number().int(),
  alertsRaised: z.number().int(),
  durationMs: z.number().int(),
});

export const valueRoutes = {
  overview: defineRoute({
    method: 'get',
    path: '/api/admin/value/overview',
    summary: 'Tier mix, RFM segments, Pareto, CLV bands, migration, perk penetration, alerts',
    tag: 'value',
    auth: 'admin',
    response: valueOverview,
  }),
  migration: defineRoute({
    method: 'get',
    path: '/api/admin/value/migration',
    summary: 'Segment migration between two run dates (default: the last two runs)',
    tag: 'value',
    auth: 'admin',
    query: z.object({ from: dayString.optional(), to: dayString.optional() }),
    response: migrationView,
  }),
  alerts: defineRoute({
    method: 'get',
    path: '/api/admin/value/alerts',
    summary: 'Alerts, newest first',
    tag: 'value',
    auth: 'admin',
    query: alertListQuery,
    response: paged(alertView),
  }),
  acknowledge: defineRoute({
    method: 'post',
    path: '/api/admin/value/alerts/:id/acknowledge',
    summary: 'Acknowledge an alert (audited)',
    tag: 'value',
    auth: 'admin',
    roles: ['admin', 'ops', 'consultant-manager'],
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'an alert id') }),
    response: alertView,
  }),
  member: defineRoute({
    method: 'get',
    path: '/api/admin/value/members/:memberNo',
    summary: "A member's segment, scores, P(alive), CLV and active warnings",
    tag: 'value',
    auth: 'admin',
    params: z.object({ memberNo: z.string().min(1).max(32) }),
    response: memberValueView,
  }),
  run: defineRoute({
    method: 'post',
    path: '/api/admin/value/runs',
    summary: 'Run the nightly value job now (audited)',
    tag: 'value',
    auth: 'admin',
    roles: ['admin', 'ops'],
    response: valueRunResponse,
  }),
};
