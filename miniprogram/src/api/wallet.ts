import type { ResponseOf, walletRoutes } from '@circles/shared';
import { request } from './request';

export type WalletSummary = ResponseOf<typeof walletRoutes.summary>;
export type WalletEntry = WalletSummary['history']['items'][number];

export const walletApi = {
  summary: (page = 1, pageSize = 20) =>
    request<WalletSummary>('/api/mp/wallet', { query: { page, pageSize } }),
};
