import { adminReferralRoutes, type ReferralSettings } from '@circles/shared';
import { call } from './client';

export type { ReferralSettings };

export const fetchReferralSettings = (signal?: AbortSignal): Promise<ReferralSettings> =>
  call(adminReferralRoutes.getSettings, { signal });

export const saveReferralSettings = (body: ReferralSettings): Promise<ReferralSettings> =>
  call(adminReferralRoutes.putSettings, { body });
