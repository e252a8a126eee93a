import type { ResponseOf, tierGuideRoutes } from '@circles/shared';
import { request } from './request';

export type TierGuide = ResponseOf<typeof tierGuideRoutes.guide>;
export type TierGuideTier = TierGuide['tiers'][number];

export const tiersApi = {
  guide: () => request<TierGuide>('/api/mp/tiers'),
};
