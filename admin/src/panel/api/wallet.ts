import { type BodyOf, type WalletRuleView, walletAdminRoutes } from '@circles/shared';
import { call } from './client';

export type { WalletRuleView };
type RuleBody = BodyOf<typeof walletAdminRoutes.createRule>;
type RuleUpdate = BodyOf<typeof walletAdminRoutes.updateRule>;

export const listWalletRules = (signal?: AbortSignal) =>
  call(walletAdminRoutes.listRules, { signal });

export const createWalletRule = (body: RuleBody): Promise<WalletRuleView> =>
  call(walletAdminRoutes.createRule, { body });

export const updateWalletRule = (id: string, body: RuleUpdate): Promise<WalletRuleView> =>
  call(walletAdminRoutes.updateRule, { params: { id }, body });

export const deleteWalletRule = (id: string) =>
  call(walletAdminRoutes.deleteRule, { params: { id } });
