import {
  type BodyOf,
  type GrantJobView,
  pointsAdminRoutes,
  type RedeemItemView,
} from '@circles/shared';
import { call } from './client';

export type { GrantJobView, RedeemItemView };
export type GrantInput = BodyOf<typeof pointsAdminRoutes.createGrant>;
export type ItemInput = BodyOf<typeof pointsAdminRoutes.createItem>;

export const listItems = (signal?: AbortSignal) => call(pointsAdminRoutes.listItems, { signal });

export const createItem = (body: ItemInput): Promise<RedeemItemView> =>
  call(pointsAdminRoutes.createItem, { body });

export const setItemActive = (itemCode: string, active: boolean): Promise<RedeemItemView> =>
  call(pointsAdminRoutes.updateItem, { params: { itemCode }, body: { active } });

export const listGrants = (signal?: AbortSignal) =>
  call(pointsAdminRoutes.listGrants, { query: { page: 1, pageSize: 10 }, signal });

export const createGrant = (body: GrantInput): Promise<GrantJobView> =>
  call(pointsAdminRoutes.createGrant, { body });

export const fetchGrant = (id: string, signal?: AbortSignal): Promise<GrantJobView> =>
  call(pointsAdminRoutes.getGrant, { params: { id }, signal });

export const resumeGrant = (id: string): Promise<GrantJobView> =>
  call(pointsAdminRoutes.resumeGrant, { params: { id } });
