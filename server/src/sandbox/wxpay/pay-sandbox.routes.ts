import { Router } from '@koa/router';
import { z } from 'zod';
import { validBody } from '../common/koa-body';
import type { PaySandboxControl } from './fake-pay-server';

const payBody = z.object({ outTradeNo: z.string().min(6).max(32) });

/**
 * The sandbox payer (mount only in sandbox mode): what the H5 member center calls in place of
 * wx.requestPayment — the user "confirms" and the fake notifies the merchant like WeChat Pay.
 */
export function createPaySandboxRouter(control: PaySandboxControl): Router {
  const router = new Router({ prefix: '/sandbox/wxpay' });
  router.post('/pay', async (ctx) => {
    const { outTradeNo } = await validBody(ctx, payBody);
    const order = control.order(outTradeNo);
    if (!order) {
      ctx.status = 404;
      ctx.body = { error: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } };
      return;
    }
    if (order.trade_state !== 'NOTPAY') {
      ctx.status = 409;
      ctx.body = {
        error: { code: 'ORDER_NOT_PAYABLE', message: `订单状态为 ${order.trade_state}` },
      };
      return;
    }
    const paid = control.pay(outTradeNo);
    ctx.body = { outTradeNo, tradeState: paid.trade_state };
  });
  return router;
}
