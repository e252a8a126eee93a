import { pointsAdminRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { grantView } from './grants.service';

/** Bulk grants: start (audited), watch progress, resume a stopped job. */
export function registerGrantRoutes(api: ApiRouter, c: Container): void {
  const { pointsGrants: grants, audit } = c.services;

  api.add(pointsAdminRoutes.createGrant, async ({ body, auth, ctx }) => {
    const by = auth?.kind === 'admin' ? auth.username : 'admin';
    const { job, created } = await grants.create(body, by);
    const view = grantView(job);
    if (created) {
      const { id, kind, segment, points, reason, total } = view;
      await audit.recordFor(ctx, 'points.grant.create', { type: 'points-grant', id }, null, {
        kind,
        segment,
        points,
        reason,
        total,
      });
    }
    return view;
  });
  api.add(pointsAdminRoutes.listGrants, ({ query }) => grants.list(query.page, query.pageSize));
  api.add(pointsAdminRoutes.getGrant, async ({ params }) => grantView(await grants.get(params.id)));
  api.add(pointsAdminRoutes.resumeGrant, async ({ params, ctx }) => {
    const job = grantView(await grants.resume(params.id));
    await audit.recordFor(ctx, 'points.grant.resume', { type: 'points-grant', id: job.id }, null, {
      status: job.status,
      done: job.done,
    });
    return job;
  });
}
