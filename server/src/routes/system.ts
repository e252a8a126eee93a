import { createHash, timingSafeEqual } from 'node:crypto';
import { healthRoutes } from '@circles/shared';
import type { Middleware } from 'koa';
import { AppError } from '../lib/errors';
import type { Container } from '../container';
import { buildOpenApi } from '../lib/openapi';
import type { ApiRouter } from '../lib/route';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** With METRICS_TOKEN set (required in production), /metrics wants `Authorization: Bearer <it>`. */
function metricsAuth(token: string | undefined): Middleware {
  if (!token) return async (_ctx, next) => next();
  const expected = digest(token);
  return async (ctx, next) => {
    const m = /^Bearer (.+)$/.exec(ctx.get('authorization'));
    // Compared as digests: equal lengths for timingSafeEqual, nothing learned from timing.
    if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected))
      throw AppError.of('AUTH_REQUIRED', '/metrics 需要 Authorization: Bearer <METRICS_TOKEN>');
    return next();
  };
}

/** /healthz, /metrics and /openapi.json. */
export function registerSystemRoutes(api: ApiRouter, c: Container): void {
  api.add(healthRoutes.healthz, ({ ctx }) => {
    const state = c.db.state();
    const healthy = state === 'connected';
    // 503 lets load balancers and orchestrators take an instance without a database out.
    ctx.status = healthy ? 200 : 503;
    const body = {
      status: healthy ? ('ok' as const) : ('degraded' as const),
      version: c.version,
      uptimeSeconds: Math.round(process.uptime()),
      sandbox: c.config.sandbox,
      database: { state, engine: c.db.engine, ...(c.db.message ? { message: c.db.message } : {}) },
    };
    return body;
  });

  api.raw('get', '/metrics', metricsAuth(c.config.metricsToken), async (ctx) => {
    ctx.type = c.metrics.registry.contentType;
    ctx.body = await c.metrics.registry.metrics();
  });

  api.raw('get', '/openapi.json', (ctx) => {
    ctx.body = buildOpenApi(api.contracts, c.version);
  });
}
