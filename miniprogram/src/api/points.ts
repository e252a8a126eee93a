import type { pointsRoutes, ResponseOf } from '@circles/shared';
import { request } from './request';

// Types only from @circles/shared: importing its runtime (zod schemas) would bloat the bundle.
export type PointsSummary = ResponseOf<typeof pointsRoutes.summary>;
export type PointsEntry = PointsSummary['history']['items'][number];
export type RedeemItem = ResponseOf<typeof pointsRoutes.items>['items'][number];
export type Redemption = ResponseOf<typeof pointsRoutes.redeem>;

export const pointsApi = {
  summary: (page = 1, pageSize = 20) =>
    request<PointsSummary>('/api/mp/points', { query: { page, pageSize } }),
  items: () => request<ResponseOf<typeof pointsRoutes.items>>('/api/mp/points/items'),
  redeem: (itemCode: string, idempotencyKey: string) =>
    request<Redemption>('/api/mp/points/redeem', {
      method: 'POST',
      body: { itemCode, idempotencyKey },
    }),
};
