import {
  type PerkBody,
  type PerkPatch,
  type PerkTiersBody,
  type PerkView,
  perkRoutes,
  type ResponseOf,
} from '@circles/shared';
import { call } from './client';

export type { PerkView };
export type PerkMetrics = ResponseOf<typeof perkRoutes.metrics>;
type PerkList = ResponseOf<typeof perkRoutes.list>;

export const listPerks = (
  status: 'active' | 'archived' | 'all',
  signal?: AbortSignal,
): Promise<PerkList> => call(perkRoutes.list, { query: { status }, signal });

export const createPerk = (body: PerkBody): Promise<PerkView> => call(perkRoutes.create, { body });

export const updatePerk = (code: string, body: PerkPatch): Promise<PerkView> =>
  call(perkRoutes.update, { params: { code }, body });

export const archivePerk = (code: string): Promise<PerkView> =>
  call(perkRoutes.archive, { params: { code } });

export const assignPerkTiers = (code: string, body: PerkTiersBody): Promise<PerkView> =>
  call(perkRoutes.assign, { params: { code }, body });

export const fetchPerkMetrics = (signal?: AbortSignal): Promise<PerkMetrics> =>
  call(perkRoutes.metrics, { signal });
