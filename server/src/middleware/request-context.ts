import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { type Logger, maskPhones } from '../lib/logger';

const VALID_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

/** Assigns the request id (honouring a sane incoming X-Request-Id) and logs one line per request. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = VALID_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: ctx.method,
        url: maskPhones(ctx.originalUrl),
        status: ctx.status,
        ms: Math.round(ms * 10) / 10,
      };
      if (ctx.status >= 500) ctx.state.log.error(line, 'request failed');
      else ctx.state.log.info(line, 'request');
    }
  };
}
