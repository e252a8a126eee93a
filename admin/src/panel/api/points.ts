import type {
  BodyOf,
  GrantJobView,
  pointsAdminRoutes,
  RedeemItemView,
  ResponseOf,
} from '@circles/shared';
import { adminApi } from './client';

export type { GrantJobView, RedeemItemView };
export type GrantInput = BodyOf<typeof pointsAdminRoutes.createGrant>;
export type ItemInput = BodyOf<typeof pointsAdminRoutes.createItem>;

export const listItems = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof pointsAdminRoutes.listItems>>('/points/items', { signal });

export const createItem = (body: ItemInput) =>
  adminApi<RedeemItemView>('/points/items', { method: 'POST', body });

export const setItemActive = (itemCode: string, active: boolean) =>
  adminApi<RedeemItemView>(`/points/items/${encodeURIComponent(itemCode)}`, {
    method: 'PUT',
    body: { active } satisfies BodyOf<typeof pointsAdminRoutes.updateItem>,
  });

export const listGrants = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof pointsAdminRoutes.listGrants>>('/points/grants', {
    query: { page: 1, pageSize: 10 },
    signal,
  });

export const createGrant = (body: GrantInput) =>
  adminApi<GrantJobView>('/points/grants', { method: 'POST', body });

export const fetchGrant = (id: string, signal?: AbortSignal) =>
  adminApi<GrantJobView>(`/points/grants/${encodeURIComponent(id)}`, { signal });

export const resumeGrant = (id: string) =>
  adminApi<GrantJobView>(`/points/grants/${encodeURIComponent(id)}/resume`, { method: 'POST' });
