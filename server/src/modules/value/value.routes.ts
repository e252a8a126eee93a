import { valueRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { requireRole } from '../admin-auth';

export function registerValueRoutes(api: ApiRouter, c: Container): void {
  const { value, alerts, valueJob, members, audit } = c.services;
  api.add(valueRoutes.overview, () => value.overview());
  api.add(valueRoutes.migration, ({ query }) => value.migration(query.from, query.to));
  api.add(valueRoutes.member, ({ params }) => value.memberValueByNo(params.memberNo));
  api.add(valueRoutes.alerts, async ({ query }) => {
    const member = query.memberNo ? await members.byMemberNo(query.memberNo) : null;
    if (query.memberNo && !member) return { items: [], total: 0, ...page(query) };
    const { items, total } = await alerts.list(
      { status: query.status, kind: query.kind, memberId: member?._id },
      query.page,
      query.pageSize,
    );
    return { items: await alerts.views(items), total, ...page(query) };
  });
  api.add(valueRoutes.acknowledge, async ({ params, auth, ctx }) => {
    const admin = requireRole(auth, 'admin', 'ops', 'consultant-manager');
    const { before, after } = await alerts.acknowledge(params.id, admin.username);
    const [b, a] = await alerts.views([before, after]);
    await audit.recordFor(ctx, 'value.alert.acknowledge', { type: 'alert', id: params.id }, b, a);
    return a!;
  });
  api.add(valueRoutes.run, async ({ auth, ctx }) => {
    requireRole(auth, 'admin', 'ops');
    const result = await valueJob.run();
    await audit.recordFor(
      ctx,
      'value.run',
      { type: 'value-run', id: result.runId ?? '-' },
      null,
      result,
    );
    return result;
  });
}

const page = (q: { page: number; pageSize: number }) => ({ page: q.page, pageSize: q.pageSize });
