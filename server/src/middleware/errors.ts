import { type ErrorBody, INTERNAL_ERROR_CODE } from '@circles/shared';
import type { Middleware } from 'koa';
import { AppError, isAppError } from '../lib/errors';

/**
 * The one place that turns failures into HTTP answers. Handlers throw; they never set error
 * statuses. Unknown errors are logged with their stack and answered with a generic 500.
 */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw AppError.of('ROUTE_NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const requestId = ctx.state.requestId ?? 'unknown';
      let body: ErrorBody;
      if (isAppError(err)) {
        ctx.status = err.status;
        body = { error: { code: err.code, message: err.message }, requestId };
        if (err.details !== undefined) body.error.details = err.details;
        if (err.status >= 500) ctx.state.log?.error({ err }, 'upstream failure');
      } else {
        ctx.status = 500;
        body = {
          error: { code: INTERNAL_ERROR_CODE, message: '服务器内部错误，请稍后重试' },
          requestId,
        };
        ctx.state.log?.error({ err }, 'unhandled error');
      }
      ctx.type = 'application/json';
      ctx.body = body;
    }
  };
}
