import { createHash } from 'node:crypto';
import type {
  ChargeRefundResponse,
  ChargeResponse,
  WalletBalance,
  WalletEntryView,
} from '@circles/shared';
import type { ChargeDoc, WalletAccountDoc, WalletEntryDoc } from './wallet.model';

export const canonicalHash = (v: unknown) =>
  createHash('sha256').update(JSON.stringify(v)).digest('hex');

export const entryView = (e: WalletEntryDoc): WalletEntryView => ({
  id: String(e._id),
  reason: e.reason,
  reasonText: e.reasonText,
  delta: e.delta,
  principalDelta: e.principalDelta,
  bonusDelta: e.bonusDelta,
  balanceAfter: e.balanceAfter,
  principalAfter: e.principalAfter,
  bonusAfter: e.bonusAfter,
  note: e.note,
  sourceType: e.sourceType,
  sourceId: e.sourceId,
  createdAt: e.createdAt.toISOString(),
});

export const balanceView = (a: WalletAccountDoc): WalletBalance => ({
  balance: a.balance,
  principal: a.principal,
  bonus: a.bonus,
});

export const chargeStatus = (c: ChargeDoc) => {
  const refunded = c.refundedPrincipal + c.refundedBonus;
  return refunded === 0 ? 'charged' : refunded === c.amount ? 'refunded' : 'partially_refunded';
};

/** What services return for a charge: the API answer minus the member number. */
export type ChargeResult = Omit<ChargeResponse, 'memberNo'> & {
  chargeKey: string;
  memberId: ChargeDoc['memberId'];
};
export type ChargeRefundResult = Omit<ChargeRefundResponse, never> & { entry: WalletEntryView };

export const chargeResult = (c: ChargeDoc, wallet: WalletAccountDoc): ChargeResult => ({
  chargeKey: c.key,
  memberId: c.memberId,
  chargeNo: c.chargeNo,
  amount: c.amount,
  principal: c.principal,
  bonus: c.bonus,
  refunded: c.refundedPrincipal + c.refundedBonus,
  status: chargeStatus(c),
  wallet: balanceView(wallet),
  at: c.createdAt.toISOString(),
});
