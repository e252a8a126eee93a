import type {
  PerkBody,
  PerkPatch,
  PerkTiersBody,
  PerkView,
  perkRoutes,
  ResponseOf,
} from '@circles/shared';
import { adminApi } from './client';

export type { PerkView };
export type PerkMetrics = ResponseOf<typeof perkRoutes.metrics>;
type PerkList = ResponseOf<typeof perkRoutes.list>;

export const listPerks = (status: 'active' | 'archived' | 'all', signal?: AbortSignal) =>
  adminApi<PerkList>('/perks', { query: { status }, signal });

export const createPerk = (body: PerkBody) =>
  adminApi<PerkView>('/perks', { method: 'POST', body });

export const updatePerk = (code: string, body: PerkPatch) =>
  adminApi<PerkView>(`/perks/${encodeURIComponent(code)}`, { method: 'PATCH', body });

export const archivePerk = (code: string) =>
  adminApi<PerkView>(`/perks/${encodeURIComponent(code)}`, { method: 'DELETE' });

export const assignPerkTiers = (code: string, body: PerkTiersBody) =>
  adminApi<PerkView>(`/perks/${encodeURIComponent(code)}/tiers`, { method: 'PUT', body });

export const fetchPerkMetrics = (signal?: AbortSignal) =>
  adminApi<PerkMetrics>('/perk-metrics', { signal });
