import { pointsAdminRoutes, pointsGrantRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import type { AuthContext } from '../../lib/koa-types';
import { requireRole } from '../admin-auth';
import { grantView } from './grants.service';

const auditTarget = (id: string) => ({ type: 'points-grant', id });

/** The caller as grant requester / decider (the contract's roles already admitted them). */
function caller(auth: AuthContext | undefined) {
  const a = requireRole(auth);
  return { adminId: a.adminId, username: a.username, role: a.role };
}

/**
 * Bulk grants: estimate (the confirm step), start or request (audited), the approvals queue with
 * approve / reject (audited), watch progress, resume a stopped job.
 */
export function registerGrantRoutes(api: ApiRouter, c: Container): void {
  const { pointsGrants: grants, audit } = c.services;

  api.add(pointsGrantRoutes.estimateGrant, ({ body, auth }) =>
    grants.estimator.estimate(body, caller(auth).role),
  );
  api.add(pointsAdminRoutes.createGrant, async ({ body, auth, ctx }) => {
    const { job, created, estimate } = await grants.create(body, caller(auth));
    const view = grantView(job);
    if (created && estimate) {
      const { id, kind, segment, points, reason, total, status } = view;
      // A pending grant is a request; the create record is the one that moves points at once.
      const action = status === 'pending_approval' ? 'points.grant.request' : 'points.grant.create';
      await audit.recordFor(ctx, action, auditTarget(id), null, {
        kind,
        segment,
        points,
        reason,
        total,
        status,
        members: estimate.members,
        totalPoints: estimate.totalPoints,
      });
    }
    return view;
  });
  api.add(pointsGrantRoutes.listGrantApprovals, async () => ({
    items: (await grants.approvals.pending()).map(grantView),
  }));
  api.add(pointsGrantRoutes.approveGrant, async ({ params, body, auth, ctx }) => {
    const job = grantView(await grants.approvals.approve(params.id, caller(auth), body.note));
    await audit.recordFor(ctx, 'points.grant.approve', auditTarget(job.id), null, {
      status: job.status,
      requestedBy: job.approval?.requestedBy,
      note: job.approval?.note,
    });
    return job;
  });
  api.add(pointsGrantRoutes.rejectGrant, async ({ params, body, auth, ctx }) => {
    const job = grantView(await grants.approvals.reject(params.id, caller(auth), body.note));
    await audit.recordFor(ctx, 'points.grant.reject', auditTarget(job.id), null, {
      status: job.status,
      requestedBy: job.approval?.requestedBy,
      note: job.approval?.note,
    });
    return job;
  });
  api.add(pointsAdminRoutes.listGrants, ({ query }) => grants.list(query.page, query.pageSize));
  api.add(pointsAdminRoutes.getGrant, async ({ params }) => grantView(await grants.get(params.id)));
  api.add(pointsAdminRoutes.resumeGrant, async ({ params, ctx }) => {
    const job = grantView(await grants.resume(params.id));
    await audit.recordFor(ctx, 'points.grant.resume', auditTarget(job.id), null, {
      status: job.status,
      done: job.done,
    });
    return job;
  });
}
