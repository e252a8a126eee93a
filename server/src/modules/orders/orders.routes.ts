import { orderRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';

export function registerOrderRoutes(api: ApiRouter, c: Container): void {
  api.add(orderRoutes.create, ({ body }) => c.services.orders.create(body));
  api.add(orderRoutes.refund, ({ params, body }) =>
    c.services.refunds.refund(params.orderNo, body),
  );
}
