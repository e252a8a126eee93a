import type { PayRefundView, paymentRoutes, ResponseOf } from '@circles/shared';
import { adminApi } from './client';

export type PayOrderPage = ResponseOf<typeof paymentRoutes.adminList>;
export type AdminPayOrder = PayOrderPage['items'][number];
export type { PayRefundView };

export const listPayOrders = (
  query: { page: number; pageSize: number; status?: AdminPayOrder['status'] },
  signal?: AbortSignal,
) => adminApi<PayOrderPage>('/pay/orders', { query, signal });

export const refundPayOrder = (outTradeNo: string, reason: string) =>
  adminApi<PayRefundView>(`/pay/orders/${encodeURIComponent(outTradeNo)}/refunds`, {
    method: 'POST',
    body: { reason },
  });
