import type { ReferralSettings } from '@circles/shared';
import { adminApi } from './client';

export type { ReferralSettings };

export const fetchReferralSettings = (signal?: AbortSignal) =>
  adminApi<ReferralSettings>('/referral/settings', { signal });

export const saveReferralSettings = (body: ReferralSettings) =>
  adminApi<ReferralSettings>('/referral/settings', { method: 'PUT', body });
