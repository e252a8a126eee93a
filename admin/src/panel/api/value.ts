import type {
  AlertView,
  MigrationView,
  ResponseOf,
  ValueOverview,
  valueRoutes,
} from '@circles/shared';
import { adminApi } from './client';

export type { AlertView, MigrationView, ValueOverview };
export type AlertPage = ResponseOf<typeof valueRoutes.alerts>;
export type ValueRun = ResponseOf<typeof valueRoutes.run>;

export const fetchOverview = (signal?: AbortSignal) =>
  adminApi<ValueOverview>('/value/overview', { signal });

export const fetchMigration = (range: { from?: string; to?: string }, signal?: AbortSignal) =>
  adminApi<MigrationView>('/value/migration', { query: range, signal });

export const fetchAlerts = (
  query: { status?: 'open' | 'acknowledged'; page: number; pageSize: number },
  signal?: AbortSignal,
) => adminApi<AlertPage>('/value/alerts', { query, signal });

export const acknowledgeAlert = (id: string) =>
  adminApi<AlertView>(`/value/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST' });

export const runValueJob = () => adminApi<ValueRun>('/value/runs', { method: 'POST' });
