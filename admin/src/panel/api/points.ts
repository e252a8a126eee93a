import {
  type BodyOf,
  type GrantEstimate,
  type GrantJobView,
  pointsAdminRoutes,
  pointsGrantRoutes,
  type RedeemItemView,
} from '@circles/shared';
import { call } from './client';

export type { GrantEstimate, GrantJobView, RedeemItemView };
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

/** Members and total points a grant would move, and whether it would wait for an admin. */
export const estimateGrant = (body: Omit<GrantInput, 'idempotencyKey'>): Promise<GrantEstimate> =>
  call(pointsGrantRoutes.estimateGrant, { body });

export const listGrantApprovals = (signal?: AbortSignal) =>
  call(pointsGrantRoutes.listGrantApprovals, { signal });

export const approveGrant = (id: string, note?: string): Promise<GrantJobView> =>
  call(pointsGrantRoutes.approveGrant, { params: { id }, body: note ? { note } : {} });

export const rejectGrant = (id: string, note?: string): Promise<GrantJobView> =>
  call(pointsGrantRoutes.rejectGrant, { params: { id }, body: note ? { note } : {} });
