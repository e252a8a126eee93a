import type { ResponseOf, referralRoutes } from '@circles/shared';
import { request } from './request';

export type Referral = ResponseOf<typeof referralRoutes.view>;
export type Invitee = Referral['invitees'][number];

export const referralApi = {
  view: () => request<Referral>('/api/mp/referral'),
  bind: (code: string) =>
    request<ResponseOf<typeof referralRoutes.bind>>('/api/mp/referral/bind', {
      method: 'POST',
      body: { code },
    }),
};
