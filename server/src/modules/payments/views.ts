import type { PayOrderView, PayRefundView } from '@circles/shared';
import type { PayOrderDoc, PayRefundDoc } from './payments.model';

export function payOrderView(o: PayOrderDoc): PayOrderView {
  return {
    outTradeNo: o.outTradeNo,
    kind: o.kind,
    planCode: o.planCode,
    description: o.description,
    amount: o.amount,
    status: o.status,
    applied: o.appliedAt !== null,
    refunded: o.refunded,
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    expiresAt: o.expiresAt.toISOString(),
  };
}

export function payRefundView(r: PayRefundDoc): PayRefundView {
  return {
    outRefundNo: r.outRefundNo,
    outTradeNo: r.outTradeNo,
    amount: r.amount ?? 0,
    walletPrincipal: r.walletPrincipal,
    walletBonusForfeited: r.walletBonusForfeited,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  };
}

export function adminPayOrderView(o: PayOrderDoc, memberNo: string) {
  return { ...payOrderView(o), memberNo, transactionId: o.transactionId };
}
