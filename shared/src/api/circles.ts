import { z } from 'zod';
import { CIRCLE_OPS, INTEREST_TOPICS } from '../domain/circles/fields';
import { validCircleRule } from '../domain/circles/rules';
import { dayString, defineRoute, pageQuery, paged } from './index-base';

const WRITERS = ['admin', 'ops'] as const;

export const CIRCLE_STATUSES = ['draft', 'active', 'archived'] as const;
export const circleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lowercase letters, digits, -');
const idParams = z.object({ id: circleId });

export const circleBody = z
  .object({
    id: circleId,
    name: z.string().trim().min(1).max(24),
    description: z.string().trim().max(200).default(''),
    color: z
      .string()
      .regex(/^#[0-9A-Fa-f]{6}$/, 'a colour like #C9A227')
      .default('#722ED1'),
    icon: z.string().trim().max(8).default('◎'),
    owner: z.string().trim().max(32).default(''),
    status: z.enum(CIRCLE_STATUSES).default('draft'),
    rule: validCircleRule,
  })
  .strict();
/** Only what is sent changes (no defaults here: an edit of the rule keeps the status). */
export const circleUpdateBody = z
  .object({
    name: circleBody.shape.name,
    description: z.string().trim().max(200),
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'a colour like #C9A227'),
    icon: z.string().trim().max(8),
    owner: z.string().trim().max(32),
    status: z.enum(CIRCLE_STATUSES),
    rule: validCircleRule,
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

export const circleView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  color: z.string(),
  icon: z.string(),
  owner: z.string(),
  status: z.enum(CIRCLE_STATUSES),
  rule: z.unknown(),
  version: z.number().int(),
  /** Members in the circle at the last materialisation (0 for drafts). */
  memberCount: z.number().int(),
  materializedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type CircleView = z.infer<typeof circleView>;

export const circleMemberRow = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  tierCode: z.string(),
  segment: z.string().nullable(),
  monetaryFen: z.number().int(),
  clv12mFen: z.number().int(),
  pAlive: z.number().nullable(),
  since: z.string().nullable(),
});

export const circlePreview = z.object({
  count: z.number().int(),
  /** Of scored members (the population a rule can see). */
  population: z.number().int(),
  share: z.number(),
  /** Share of the last 12 months' revenue these members brought. */
  revenueShare: z.number(),
  avgClv12mFen: z.number().int(),
  sample: z.array(circleMemberRow),
  /** When the member profiles behind the preview were built. */
  profilesAt: z.string().nullable(),
});
export type CirclePreview = z.infer<typeof circlePreview>;

export const circleFieldView = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(['number', 'enum', 'set', 'boolean']),
  group: z.string(),
  unit: z.string().nullable(),
  windowed: z.boolean(),
  topical: z.boolean(),
  money: z.boolean(),
  ops: z.array(z.object({ op: z.enum(CIRCLE_OPS), label: z.string() })),
  /** Known values for enum and set fields (code and Chinese label). */
  options: z.array(z.object({ value: z.string(), label: z.string() })),
});

export const circleTrend = z.object({
  days: z.array(z.object({ day: z.string(), members: z.number().int() })),
  entries30d: z.number().int(),
  exits30d: z.number().int(),
});

export const circleDashboardRow = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  members: z.number().int(),
  revenueShare: z.number(),
  /** Members of the circle who used any perk in the last 90 days / members. */
  perkPenetration: z.number(),
  entries30d: z.number().int(),
  exits30d: z.number().int(),
  trend: z.array(z.object({ day: z.string(), members: z.number().int() })),
});

export const circleFlow = z.object({
  from: dayString,
  to: dayString,
  /** Rows and columns: circle ids plus `segment:<name>` and `none`. */
  nodes: z.array(z.object({ id: z.string(), label: z.string() })),
  links: z.array(z.object({ source: z.string(), target: z.string(), members: z.number().int() })),
});

export const TRACK_KINDS = ['page_view', 'impression', 'click'] as const;
export const trackEvent = z
  .object({
    kind: z.enum(TRACK_KINDS),
    page: z.string().min(1).max(64),
    /** The content or perk the member saw or tapped. */
    target: z.string().max(64).optional(),
    topic: z.enum(INTEREST_TOPICS).optional(),
    at: z.coerce.date(),
  })
  .strict();
export const trackBody = z.object({ events: z.array(trackEvent).min(1).max(50) }).strict();

export const circleRoutes = {
  fields: defineRoute({
    method: 'get',
    path: '/api/admin/circles/fields',
    summary: 'The fields a circle rule may test, with their operators and known values',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(circleFieldView) }),
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/admin/circles',
    summary: 'Circles with their member counts',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(circleView) }),
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/admin/circles',
    summary: 'Define a circle (a rule-defined audience)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    body: circleBody,
    response: circleView,
    status: 201,
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/admin/circles/:id',
    summary: 'One circle',
    tag: 'admin',
    auth: 'admin',
    params: idParams,
    response: circleView,
  }),
  update: defineRoute({
    method: 'put',
    path: '/api/admin/circles/:id',
    summary: 'Change a circle (a new version; active circles are materialised again)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    params: idParams,
    body: circleUpdateBody,
    response: circleView,
  }),
  preview: defineRoute({
    method: 'post',
    path: '/api/admin/circles/preview',
    summary: "A rule's live count, share, revenue share, average CLV and a sample of 20",
    tag: 'admin',
    auth: 'admin',
    body: z.object({ rule: validCircleRule }).strict(),
    response: circlePreview,
  }),
  members: defineRoute({
    method: 'get',
    path: '/api/admin/circles/:id/members',
    summary: 'Members of a circle (materialised), newest entries first',
    tag: 'admin',
    auth: 'admin',
    params: idParams,
    query: pageQuery,
    response: paged(circleMemberRow),
  }),
  exportCsv: defineRoute({
    method: 'get',
    path: '/api/admin/circles/:id/members.csv',
    summary: 'Members of a circle as CSV (UTF-8 with BOM), streamed',
    tag: 'admin',
    auth: 'admin',
    params: idParams,
    /** A text/csv stream. */
    response: z.unknown(),
  }),
  trend: defineRoute({
    method: 'get',
    path: '/api/admin/circles/:id/trend',
    summary: 'Circle size per day and entries/exits of the last 30 days',
    tag: 'admin',
    auth: 'admin',
    params: idParams,
    response: circleTrend,
  }),
  dashboard: defineRoute({
    method: 'get',
    path: '/api/admin/circles-dashboard',
    summary: 'Every active circle: size trend, revenue share, perk penetration, entries/exits',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(circleDashboardRow), penetrationAlertBelow: z.number() }),
  }),
  flow: defineRoute({
    method: 'get',
    path: '/api/admin/circles-flow',
    summary: 'Members moving between circles and RFM segments between two days',
    tag: 'admin',
    auth: 'admin',
    query: z.object({ from: dayString, to: dayString }),
    response: circleFlow,
  }),
  materialize: defineRoute({
    method: 'post',
    path: '/api/admin/circles/materialize',
    summary: 'Recompute every active circle now (a background job; also runs after each value run)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITERS,
    response: z.object({ queued: z.boolean() }),
    status: 202,
  }),
  track: defineRoute({
    method: 'post',
    path: '/api/mp/track',
    summary: 'Member-center tracking (page views, impressions, clicks with a topic), batched',
    tag: 'mp',
    auth: 'member',
    body: trackBody,
    response: z.object({ accepted: z.number().int() }),
    status: 202,
  }),
};
