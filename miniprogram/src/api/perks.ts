import type { perkRoutes, ResponseOf } from '@circles/shared';
import { request } from './request';

export type MemberPerks = ResponseOf<typeof perkRoutes.mine>;
export type MemberPerk = MemberPerks['perks'][number];
export type PerkInstance = ResponseOf<typeof perkRoutes.claim>;
export type MemberCoupon = ResponseOf<typeof perkRoutes.coupons>['items'][number];

export const perksApi = {
  mine: () => request<MemberPerks>('/api/mp/perks'),
  /** 券包: every claimed or issued perk and coupon, newest first. */
  coupons: () => request<{ items: MemberCoupon[] }>('/api/mp/coupons'),
  /** Safe to retry: while the instance is unused the server answers with the same one. */
  claim: (code: string) =>
    request<PerkInstance>(`/api/mp/perks/${encodeURIComponent(code)}/claim`, { method: 'POST' }),
};
