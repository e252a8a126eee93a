import { z } from 'zod';
import { defineRoute, idempotencyKey } from './index-base';

const points = z.number().int().positive().max(100_000_000);

/**
 * The two-person rule: a bulk grant or deduct by a non-admin (ops) that reaches more than this
 * many members, or moves more than this many points in total, waits for an admin's approval
 * (another account than the requester) before it runs. Admins' own grants run at once. 1,000
 * members is about a whole small tier; 100,000 points is a campaign budget, not a correction.
 */
export const GRANT_APPROVAL_MAX_MEMBERS = 1000;
export const GRANT_APPROVAL_MAX_POINTS = 100_000;
const jobParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'a job id') });

export const grantSegment = z.union([
  z.object({ tier: z.string().min(1).max(32) }).strict(),
  z.object({ tagId: z.string().min(1).max(128) }).strict(),
  z.object({ memberNos: z.array(z.string().min(1).max(32)).min(1).max(100_000) }).strict(),
]);
export const grantBody = z.object({
  kind: z.enum(['grant', 'deduct']),
  segment: grantSegment,
  points,
  reason: z.string().trim().min(1).max(200),
  idempotencyKey,
});
export type GrantBody = z.infer<typeof grantBody>;

/** The two-person rule on a bulk grant: who asked, and the other admin's decision. */
export const grantApprovalView = z.object({
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});

export const grantJobView = z.object({
  id: z.string(),
  kind: z.enum(['grant', 'deduct']),
  segment: z.object({
    type: z.enum(['tier', 'tag', 'list']),
    value: z.string(),
  }),
  points: z.number().int(),
  reason: z.string(),
  /** `pending_approval`: waits for an admin (not the requester); `rejected`: never ran. */
  status: z.enum(['pending_approval', 'running', 'done', 'failed', 'rejected']),
  total: z.number().int().nullable(),
  /**
   * The points the grant moves at most, counted when it was submitted (the confirm step's
   * 积分总额; unknown member numbers excluded). Null for jobs from before the count.
   */
  totalPoints: z.number().int().nullable(),
  done: z.number().int(),
  failed: z.number().int(),
  failures: z.array(z.object({ memberNo: z.string(), code: z.string(), message: z.string() })),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Null for a grant that needed no approval. */
  approval: grantApprovalView.nullable(),
});
export type GrantJobView = z.infer<typeof grantJobView>;

export const grantEstimateBody = grantBody.omit({ idempotencyKey: true });

/** What a bulk grant would do, for the confirm step: members, points each and in total. */
export const grantEstimate = z.object({
  kind: z.enum(['grant', 'deduct']),
  /** Members the job would move points for (a list: its distinct known member numbers). */
  members: z.number().int(),
  points: z.number().int(),
  /** members × points: the most the job moves (a deduct skips short balances). */
  totalPoints: z.number().int(),
  /** List segments: distinct member numbers that match no member (they fail, nothing moves). */
  unknownMemberNos: z.number().int(),
  approval: z.object({
    /** True when the caller's grant would wait for an admin's approval instead of running. */
    required: z.boolean(),
    /** Above either limit a non-admin's grant needs approval. */
    maxMembers: z.number().int(),
    maxPoints: z.number().int(),
  }),
});
export type GrantEstimate = z.infer<typeof grantEstimate>;

/** An admin's decision on a pending grant; the note is kept on the grant and in the audit log. */
export const grantDecisionBody = z.object({ note: z.string().trim().max(200).optional() });
export const grantRejectBody = grantDecisionBody;

export const pointsGrantRoutes = {
  estimateGrant: defineRoute({
    method: 'post',
    path: '/api/admin/points/grants/estimate',
    summary: 'Members and total points a bulk grant would move, and whether it needs approval',
    tag: 'admin',
    auth: 'admin',
    roles: ['admin', 'ops'],
    body: grantEstimateBody,
    response: grantEstimate,
  }),
  listGrantApprovals: defineRoute({
    method: 'get',
    path: '/api/admin/points/grant-approvals',
    summary: 'Bulk grants waiting for an admin approval, oldest first',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(grantJobView) }),
  }),
  approveGrant: defineRoute({
    method: 'post',
    path: '/api/admin/points/grants/:id/approve',
    summary: 'Approve a pending bulk grant (another admin than the requester); it runs once',
    tag: 'admin',
    auth: 'admin',
    roles: ['admin'],
    params: jobParams,
    body: grantDecisionBody,
    response: grantJobView,
    status: 202,
  }),
  rejectGrant: defineRoute({
    method: 'post',
    path: '/api/admin/points/grants/:id/reject',
    summary: 'Reject a pending bulk grant; nothing is granted',
    tag: 'admin',
    auth: 'admin',
    roles: ['admin'],
    params: jobParams,
    body: grantRejectBody,
    response: grantJobView,
  }),
};
