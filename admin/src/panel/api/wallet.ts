import type { BodyOf, ResponseOf, WalletRuleView, walletAdminRoutes } from '@circles/shared';
import { adminApi } from './client';

export type { WalletRuleView };
type RuleBody = BodyOf<typeof walletAdminRoutes.createRule>;
type RuleUpdate = BodyOf<typeof walletAdminRoutes.updateRule>;

export const listWalletRules = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof walletAdminRoutes.listRules>>('/wallet/rules', { signal });

export const createWalletRule = (body: RuleBody) =>
  adminApi<WalletRuleView>('/wallet/rules', { method: 'POST', body });

export const updateWalletRule = (id: string, body: RuleUpdate) =>
  adminApi<WalletRuleView>(`/wallet/rules/${encodeURIComponent(id)}`, { method: 'PUT', body });

export const deleteWalletRule = (id: string) =>
  adminApi<{ ok: true }>(`/wallet/rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
