import { paymentRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { requireRole } from '../admin-auth';
import { memberIdOf } from '../session';
import { wxpayCallback } from './wxpay.callback';
import { adminPayOrderView } from './views';

export function registerPaymentRoutes(api: ApiRouter, c: Container): void {
  const { payments, payRefunds, members, audit } = c.services;
  api.add(paymentRoutes.plans, ({ auth }) => payments.plans(memberIdOf(auth)));
  api.add(paymentRoutes.topUp, ({ auth, body }) =>
    payments.create(memberIdOf(auth), 'topup', body.planCode),
  );
  api.add(paymentRoutes.membership, ({ auth, body }) =>
    payments.create(memberIdOf(auth), 'membership', body.planCode),
  );
  api.add(paymentRoutes.order, ({ auth, params }) =>
    payments.orderOf(memberIdOf(auth), params.outTradeNo),
  );
  api.add(paymentRoutes.adminList, async ({ query }) => {
    const page = await payments.list(query);
    const items = await Promise.all(
      page.items.map(async (o) =>
        adminPayOrderView(o, (await members.resolve(o.memberId))?.memberNo ?? ''),
      ),
    );
    return { ...page, items };
  });
  api.add(paymentRoutes.adminRefund, async ({ auth, params, body, ctx }) => {
    requireRole(auth, 'admin', 'ops');
    const by = auth?.kind === 'admin' ? auth.username : 'unknown';
    const refund = await payRefunds.refund(params.outTradeNo, body.reason, by);
    await audit.recordFor(
      ctx,
      'pay.refund',
      { type: 'pay-order', id: params.outTradeNo },
      null,
      refund,
    );
    return refund;
  });
  api.add(paymentRoutes.adminApplyAbnormalRefund, async ({ auth, params, ctx }) => {
    requireRole(auth, 'admin', 'ops');
    const refund = await payRefunds.applyAbnormal(params.outRefundNo);
    await audit.recordFor(
      ctx,
      'pay.refund.apply-abnormal',
      { type: 'pay-refund', id: params.outRefundNo },
      null,
      refund,
    );
    return refund;
  });
  api.raw('post', '/callbacks/wxpay', wxpayCallback(c));
}
