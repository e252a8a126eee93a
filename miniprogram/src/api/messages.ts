import type { ResponseOf, SubscribeMoment, subscriptionRoutes } from '@circles/shared';
import { request } from './request';

export type MomentTemplates = ResponseOf<typeof subscriptionRoutes.templates>;
export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

export const subscriptionsApi = {
  /** Template ids to ask for with wx.requestSubscribeMessage after a moment. */
  templates: (moment: SubscribeMoment) =>
    request<MomentTemplates>('/api/mp/subscriptions/templates', { query: { moment } }),
  /** What the member chose; each accept allows one message with that template. */
  report: (results: Record<string, SubscribeResult>) =>
    request<ResponseOf<typeof subscriptionRoutes.report>>('/api/mp/subscriptions', {
      method: 'POST',
      body: { results },
    }),
};
