/** Why a wallet (储值) entry exists. Stable codes; the Chinese text is what members read. */
export const WALLET_REASONS = [
  'topup',
  'topup_refund',
  'charge',
  'charge_refund',
  'adjust',
  'merge_in',
  'merge_out',
] as const;
export type WalletReason = (typeof WALLET_REASONS)[number];

export const WALLET_REASON_TEXT: Record<WalletReason, string> = {
  topup: '储值充值',
  topup_refund: '充值退款',
  charge: '储值消费',
  charge_refund: '消费退款',
  adjust: '人工调整',
  merge_in: '账户合并转入',
  merge_out: '账户合并转出',
};
