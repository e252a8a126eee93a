import {
  type BodyOf,
  type CirclePreview,
  type CircleRule,
  type CircleView,
  circleRoutes,
  type ResponseOf,
} from '@circles/shared';
import { call, download } from './client';

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

export const fetchCircleFields = (signal?: AbortSignal) => call(circleRoutes.fields, { signal });

export const listCircles = (signal?: AbortSignal) => call(circleRoutes.list, { signal });

export const fetchCircle = (id: string, signal?: AbortSignal): Promise<CircleView> =>
  call(circleRoutes.get, { params: { id }, signal });

export const createCircle = (body: CircleInput): Promise<CircleView> =>
  call(circleRoutes.create, { body });

export const updateCircle = (id: string, body: CircleUpdate): Promise<CircleView> =>
  call(circleRoutes.update, { params: { id }, body });

export const previewCircle = (rule: CircleRule, signal?: AbortSignal): Promise<CirclePreview> =>
  call(circleRoutes.preview, { body: { rule }, signal });

export const fetchCircleMembers = (
  id: string,
  query: { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<CircleMemberPage> => call(circleRoutes.members, { params: { id }, query, signal });

export const fetchCircleTrend = (id: string, signal?: AbortSignal): Promise<CircleTrend> =>
  call(circleRoutes.trend, { params: { id }, signal });

export const fetchCirclesDashboard = (signal?: AbortSignal): Promise<CircleDashboard> =>
  call(circleRoutes.dashboard, { signal });

export const fetchCirclesFlow = (
  range: { from: string; to: string },
  signal?: AbortSignal,
): Promise<CircleFlow> => call(circleRoutes.flow, { query: range, signal });

/** Queues a recompute of every active circle (202). */
export const materializeCircles = (): Promise<MaterializeResult> => call(circleRoutes.materialize);

export const exportCircleMembers = (id: string, name: string) =>
  download(circleRoutes.exportCsv, `${name}-圈层成员.csv`, { params: { id } });
