import { pointsAdminRoutes, pointsRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';
import { itemView } from './catalog.service';

/** The redemption catalogue: members list and redeem; admins manage it (every write audited). */
export function registerCatalogRoutes(api: ApiRouter, c: Container): void {
  const { pointsCatalog: catalog, pointsRedeem, audit } = c.services;
  const target = (itemCode: string) => ({ type: 'points-item', id: itemCode });

  api.add(pointsRoutes.items, async () => ({ items: (await catalog.list(true)).map(itemView) }));
  api.add(pointsRoutes.redeem, ({ auth, body }) =>
    pointsRedeem.redeem(memberIdOf(auth), body.itemCode, body.idempotencyKey),
  );

  api.add(pointsAdminRoutes.listItems, async () => ({
    items: (await catalog.list(false)).map(itemView),
  }));
  api.add(pointsAdminRoutes.createItem, async ({ body, ctx }) => {
    const item = itemView(await catalog.create(body));
    await audit.recordFor(ctx, 'points.item.create', target(item.itemCode), null, item);
    return item;
  });
  api.add(pointsAdminRoutes.updateItem, async ({ params, body, ctx }) => {
    const { before, after } = await catalog.update(params.itemCode, body);
    const view = itemView(after);
    await audit.recordFor(ctx, 'points.item.update', target(view.itemCode), itemView(before), view);
    return view;
  });
  api.add(pointsAdminRoutes.deleteItem, async ({ params, ctx }) => {
    const removed = await catalog.remove(params.itemCode);
    await audit.recordFor(
      ctx,
      'points.item.delete',
      target(removed.itemCode),
      itemView(removed),
      null,
    );
    return { ok: true as const };
  });
}
