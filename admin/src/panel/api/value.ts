import {
  type AlertView,
  type MigrationView,
  type ResponseOf,
  type ValueOverview,
  valueRoutes,
} from '@circles/shared';
import { call } from './client';

export type { AlertView, MigrationView, ValueOverview };
export type AlertPage = ResponseOf<typeof valueRoutes.alerts>;
export type ValueRun = ResponseOf<typeof valueRoutes.run>;

export const fetchOverview = (signal?: AbortSignal): Promise<ValueOverview> =>
  call(valueRoutes.overview, { signal });

export const fetchMigration = (
  range: { from?: string; to?: string },
  signal?: AbortSignal,
): Promise<MigrationView> => call(valueRoutes.migration, { query: range, signal });

export const fetchAlerts = (
  query: { status?: 'open' | 'acknowledged'; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<AlertPage> => call(valueRoutes.alerts, { query, signal });

export const acknowledgeAlert = (id: string): Promise<AlertView> =>
  call(valueRoutes.acknowledge, { params: { id } });

export const runValueJob = (): Promise<ValueRun> => call(valueRoutes.run);
