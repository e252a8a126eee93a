import { member360Routes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { auditBy } from '../audit';

/**
 * Member 360: overview, timeline, orders, and audited manual points/wallet corrections. The
 * adjustment contracts allow admin and ops only (analysts read), enforced by the router.
 */
export function registerMember360Routes(api: ApiRouter, c: Container): void {
  const { member360 } = c.services;

  api.add(member360Routes.overview, ({ params }) => member360.overview(params.memberNo));
  api.add(member360Routes.timeline, ({ params, query }) =>
    member360.timelinePage(params.memberNo, query.before, query.limit),
  );
  api.add(member360Routes.orders, ({ params, query }) =>
    member360.orders(params.memberNo, query.page, query.pageSize),
  );
  api.add(member360Routes.adjustPoints, ({ params, body, ctx }) =>
    member360.adjustPoints(params.memberNo, body, auditBy(ctx)),
  );
  api.add(member360Routes.adjustWallet, ({ params, body, ctx }) =>
    member360.adjustWallet(params.memberNo, body, auditBy(ctx)),
  );
}
