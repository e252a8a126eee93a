import { type PayRefundView, paymentRoutes, type ResponseOf } from '@circles/shared';
import { call } from './client';

export type PayOrderPage = ResponseOf<typeof paymentRoutes.adminList>;
export type AdminPayOrder = PayOrderPage['items'][number];
export type { PayRefundView };

export const listPayOrders = (
  query: { page: number; pageSize: number; status?: AdminPayOrder['status'] },
  signal?: AbortSignal,
): Promise<PayOrderPage> => call(paymentRoutes.adminList, { query, signal });

export const refundPayOrder = (outTradeNo: string, reason: string): Promise<PayRefundView> =>
  call(paymentRoutes.adminRefund, { params: { outTradeNo }, body: { reason } });
