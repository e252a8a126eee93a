import type { Middleware } from 'koa';
import type { Container } from '../../container';
import { PayError } from '../../integrations/wxpay/pay-gateway';
import { AppError } from '../../lib/errors';

/**
 * `POST /callbacks/wxpay`. WeChat Pay wants 200/204 once a notification is handled and
 * retries anything else; failures answer {"code":"FAIL","message":…} as it documents.
 */
export function wxpayCallback(c: Container): Middleware {
  const { payments, payRefunds } = c.services;
  return async (ctx) => {
    const fail = (status: number, message: string) => {
      ctx.status = status;
      ctx.body = { code: 'FAIL', message };
    };
    if (!payments.enabled) return fail(503, 'payments disabled');
    try {
      const n = await payments.gateway().parseNotification({
        headers: ctx.req.headers,
        rawBody: ctx.state.rawBody ?? '',
      });
      if (n.eventType === 'TRANSACTION.SUCCESS') {
        const outcome = await payments.settle(n.transaction);
        if (outcome === 'rejected') return fail(400, 'transaction does not match the order');
      } else {
        await payRefunds.onNotice(n.refund);
      }
      ctx.status = 204;
    } catch (err) {
      if (err instanceof PayError) {
        ctx.state.log.warn({ code: err.code }, 'wxpay notification rejected');
        return fail(err.code === 'BODY_INVALID' ? 400 : 401, err.code);
      }
      if (err instanceof AppError) return fail(400, err.message);
      ctx.state.log.error({ err }, 'wxpay notification failed');
      fail(500, 'internal error');
    }
  };
}
