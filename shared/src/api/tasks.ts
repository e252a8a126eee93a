import { z } from 'zod';
import { circleIds, defineRoute, ok } from './index-base';

export const TASK_KINDS = [
  'signin',
  'share',
  'invite',
  'review',
  'profile',
  'event',
  'category_purchase',
  'spend',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

const taskCode = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, 'lowercase letters, digits, _ (2–32)');

export const taskReward = z.object({
  points: z.number().int().min(0).max(1_000_000).default(0),
  growth: z.number().int().min(0).max(1_000_000).default(0),
  perkCode: z.string().min(1).max(32).nullable().default(null),
});

export const taskDefBody = z
  .object({
    code: taskCode,
    name: z.string().trim().min(1).max(32),
    description: z.string().max(200).default(''),
    kind: z.enum(TASK_KINDS),
    /** Times (or fen, for `spend`) needed to complete it in one period. */
    target: z.number().int().positive().max(1_000_000_000),
    period: z.enum(['once', 'daily', 'weekly', 'monthly']),
    /** Empty: every tier. */
    eligibleTiers: z.array(z.string().min(1).max(24)).max(12).default([]),
    /** Circle-exclusive tasks: only members of one of these circles see them. */
    circleIds: circleIds.default([]),
    reward: taskReward,
    /** Sign-in only: extra points on every `every`-th consecutive day. */
    streakBonus: z
      .object({ every: z.number().int().min(2).max(31), points: z.number().int().min(1) })
      .nullable()
      .default(null),
    /** category_purchase only: the product category that counts. */
    category: z.string().min(1).max(64).nullable().default(null),
    activeFrom: z.coerce.date().nullable().default(null),
    activeTo: z.coerce.date().nullable().default(null),
  })
  .refine((t) => t.kind !== 'category_purchase' || t.category, {
    message: 'category_purchase needs a category',
    path: ['category'],
  });
export type TaskDefBody = z.infer<typeof taskDefBody>;

export const taskDefView = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(TASK_KINDS),
  target: z.number().int(),
  period: z.enum(['once', 'daily', 'weekly', 'monthly']),
  eligibleTiers: z.array(z.string()),
  circleIds: z.array(z.string()),
  reward: z.object({ points: z.number(), growth: z.number(), perkCode: z.string().nullable() }),
  streakBonus: z.object({ every: z.number(), points: z.number() }).nullable(),
  category: z.string().nullable(),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  archived: z.boolean(),
});
export type TaskDefView = z.infer<typeof taskDefView>;

export const TASK_STATES = ['in_progress', 'completed', 'claimed'] as const;

export const memberTaskView = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(TASK_KINDS),
  period: z.enum(['once', 'daily', 'weekly', 'monthly']),
  periodKey: z.string(),
  progress: z.number().int(),
  target: z.number().int(),
  state: z.enum(TASK_STATES),
  reward: z.object({ points: z.number(), growth: z.number(), perkCode: z.string().nullable() }),
  /** Sign-in only: consecutive days including this period. */
  streak: z.number().int().nullable(),
});
export type MemberTaskView = z.infer<typeof memberTaskView>;

export const shareBody = z.object({
  page: z.string().min(1).max(128),
  /** What was shared (product sku, event id…), for reporting only. */
  ref: z.string().max(64).optional(),
});

export const reviewBody = z.object({
  sku: z.string().min(1).max(64),
  orderNo: z.string().min(1).max(64).optional(),
  rating: z.number().int().min(1).max(5),
  content: z.string().trim().min(10).max(2000),
});

export const taskRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/mp/tasks',
    summary: "The member's tasks this period: progress, reward and state",
    tag: 'member',
    auth: 'member',
    response: z.object({ items: z.array(memberTaskView) }),
  }),
  claim: defineRoute({
    method: 'post',
    path: '/api/mp/tasks/:code/claim',
    summary: 'Claim the reward of a completed task (once per period; a replay answers the same)',
    tag: 'member',
    auth: 'member',
    params: z.object({ code: taskCode }),
    response: memberTaskView,
  }),
  signin: defineRoute({
    method: 'post',
    path: '/api/mp/tasks/signin',
    summary: 'Daily sign-in (签到): completes the sign-in tasks of today',
    tag: 'member',
    auth: 'member',
    response: z.object({ items: z.array(memberTaskView) }),
  }),
  share: defineRoute({
    method: 'post',
    path: '/api/mp/shares',
    summary: 'Register a share; it counts once someone else opens it',
    tag: 'member',
    auth: 'member',
    body: shareBody,
    response: z.object({ shareId: z.string() }),
  }),
  openShare: defineRoute({
    method: 'post',
    path: '/api/mp/shares/:shareId/open',
    summary: "The opener's session reports opening a shared page",
    tag: 'member',
    auth: 'member',
    params: z.object({ shareId: z.string().regex(/^[a-f0-9]{24}$/) }),
    response: z.object({ counted: z.boolean() }),
  }),
  review: defineRoute({
    method: 'post',
    path: '/api/mp/reviews',
    summary: 'Submit a product review (测评)',
    tag: 'member',
    auth: 'member',
    body: reviewBody,
    response: ok,
    status: 201,
  }),
};

const adminRoles = ['admin', 'ops'] as const;

export const adminTaskRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/admin/tasks',
    summary: 'Every task definition',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(taskDefView) }),
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/admin/tasks',
    summary: 'Create a task',
    tag: 'admin',
    auth: 'admin',
    roles: adminRoles,
    body: taskDefBody,
    response: taskDefView,
    status: 201,
  }),
  update: defineRoute({
    method: 'put',
    path: '/api/admin/tasks/:code',
    summary: 'Replace a task definition (the code stays)',
    tag: 'admin',
    auth: 'admin',
    roles: adminRoles,
    params: z.object({ code: taskCode }),
    body: taskDefBody,
    response: taskDefView,
  }),
  archive: defineRoute({
    method: 'delete',
    path: '/api/admin/tasks/:code',
    summary: 'Archive a task (members stop seeing it; history stays)',
    tag: 'admin',
    auth: 'admin',
    roles: adminRoles,
    params: z.object({ code: taskCode }),
    response: taskDefView,
  }),
};
