import type { PayOrderCreated, PayOrderView, PayPlansResponse } from '@circles/shared';
import { request } from './request';

export type PayPlans = PayPlansResponse;
export type TopUpPlan = PayPlans['topUps'][number];
export type MembershipPlan = PayPlans['memberships'][number];
export type { PayOrderCreated, PayOrderView };

// Requests name a plan only: the amount is set on the server, never sent by the client.
export const payApi = {
  plans: () => request<PayPlans>('/api/mp/pay/plans'),
  topUp: (planCode: string) =>
    request<PayOrderCreated>('/api/mp/wallet/topups', { method: 'POST', body: { planCode } }),
  membership: (planCode: string) =>
    request<PayOrderCreated>('/api/mp/memberships/orders', { method: 'POST', body: { planCode } }),
  order: (outTradeNo: string) =>
    request<PayOrderView>(`/api/mp/pay/orders/${encodeURIComponent(outTradeNo)}`),
};
