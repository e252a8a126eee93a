import type { eventRoutes, ResponseOf } from '@circles/shared';
import { request } from './request';

export type MemberEvent = ResponseOf<typeof eventRoutes.list>['items'][number];
export type MySignup = ResponseOf<typeof eventRoutes.signup>;

export const eventsApi = {
  list: () => request<{ items: MemberEvent[] }>('/api/mp/events'),
  /** A repeat answers the same, so a retry is safe. */
  signup: (id: string) =>
    request<MySignup>(`/api/mp/events/${encodeURIComponent(id)}/signup`, { method: 'POST' }),
  cancel: (id: string) =>
    request<MySignup>(`/api/mp/events/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
};
