import type { ResponseOf, TierLadderBody, tierRoutes } from '@circles/shared';
import { adminApi } from './client';

export type Ladder = ResponseOf<typeof tierRoutes.get>;
export type LadderPreview = ResponseOf<typeof tierRoutes.preview>;

export const fetchLadder = (signal?: AbortSignal) => adminApi<Ladder>('/tiers', { signal });

export const previewLadder = (body: TierLadderBody, signal?: AbortSignal) =>
  adminApi<LadderPreview>('/tiers/preview', { method: 'POST', body, signal });

export const saveLadder = (body: TierLadderBody) =>
  adminApi<Ladder>('/tiers', { method: 'PUT', body });
