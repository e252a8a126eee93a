import type {
  BodyOf,
  CirclePreview,
  CircleRule,
  CircleView,
  circleRoutes,
  ResponseOf,
} from '@circles/shared';
import { adminApi, adminDownload } from './client';

export type { CirclePreview, CircleRule, CircleView };
export type CircleInput = BodyOf<typeof circleRoutes.create>;
export type CircleUpdate = BodyOf<typeof circleRoutes.update>;
export type CircleField = ResponseOf<typeof circleRoutes.fields>['items'][number];
export type CircleStatus = CircleView['status'];
export type CircleMemberPage = ResponseOf<typeof circleRoutes.members>;
export type CircleMemberRow = CircleMemberPage['items'][number];
export type CircleTrend = ResponseOf<typeof circleRoutes.trend>;
export type CircleDashboard = ResponseOf<typeof circleRoutes.dashboard>;
export type CircleDashboardRow = CircleDashboard['items'][number];
export type CircleFlow = ResponseOf<typeof circleRoutes.flow>;
export type MaterializeResult = ResponseOf<typeof circleRoutes.materialize>;

const path = (id: string, rest = '') => `/circles/${encodeURIComponent(id)}${rest}`;

export const fetchCircleFields = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof circleRoutes.fields>>('/circles/fields', { signal });

export const listCircles = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof circleRoutes.list>>('/circles', { signal });

export const fetchCircle = (id: string, signal?: AbortSignal) =>
  adminApi<CircleView>(path(id), { signal });

export const createCircle = (body: CircleInput) =>
  adminApi<CircleView>('/circles', { method: 'POST', body });

export const updateCircle = (id: string, body: CircleUpdate) =>
  adminApi<CircleView>(path(id), { method: 'PUT', body });

export const previewCircle = (rule: CircleRule, signal?: AbortSignal) =>
  adminApi<CirclePreview>('/circles/preview', {
    method: 'POST',
    body: { rule } satisfies BodyOf<typeof circleRoutes.preview>,
    signal,
  });

export const fetchCircleMembers = (
  id: string,
  query: { page: number; pageSize: number },
  signal?: AbortSignal,
) => adminApi<CircleMemberPage>(path(id, '/members'), { query, signal });

export const fetchCircleTrend = (id: string, signal?: AbortSignal) =>
  adminApi<CircleTrend>(path(id, '/trend'), { signal });

export const fetchCirclesDashboard = (signal?: AbortSignal) =>
  adminApi<CircleDashboard>('/circles-dashboard', { signal });

export const fetchCirclesFlow = (range: { from: string; to: string }, signal?: AbortSignal) =>
  adminApi<CircleFlow>('/circles-flow', { query: range, signal });

/** Queues a recompute of every active circle (202). */
export const materializeCircles = () =>
  adminApi<MaterializeResult>('/circles/materialize', { method: 'POST' });

export const exportCircleMembers = (id: string, name: string) =>
  adminDownload(path(id, '/members.csv'), `${name}-圈层成员.csv`);
