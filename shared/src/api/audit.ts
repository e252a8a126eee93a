import { z } from 'zod';
import { isoDate, pageQuery, paged } from './common';
import { defineRoute } from './contract';

export const AUDIT_ACTOR_KINDS = [
  'admin',
  'consultant',
  'integration',
  'member',
  'system',
] as const;
export const auditActorKind = z.enum(AUDIT_ACTOR_KINDS);

export const auditActor = z.object({ kind: auditActorKind, id: z.string(), name: z.string() });
export type AuditActor = z.infer<typeof auditActor>;

export const auditTarget = z.object({ type: z.string(), id: z.string() });
export type AuditTarget = z.infer<typeof auditTarget>;

/** One audit record. `before`/`after` are snapshots with secrets removed (null on create/delete). */
export const auditEntry = z.object({
  id: z.string(),
  actor: auditActor,
  /** `<area>.<verb>`, e.g. `tier.update`, `admin_account.create`. */
  action: z.string(),
  target: auditTarget,
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

const filterText = z.string().trim().min(1).max(100);

export const auditListQuery = pageQuery
  .extend({
    /** Actor id or actor name (admin username). */
    actor: filterText.optional(),
    /** Exact action, or a prefix ending in `.` (e.g. `tier.`). */
    action: filterText.optional(),
    targetType: filterText.optional(),
    targetId: filterText.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type AuditListQuery = z.input<typeof auditListQuery>;

export const auditRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/admin/audit-logs',
    summary: 'Search the audit log, newest first (every admin role, analysts included)',
    tag: 'audit',
    auth: 'admin',
    query: auditListQuery,
    response: paged(auditEntry),
  }),
};
