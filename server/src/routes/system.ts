import { healthRoutes } from '@circles/shared';
import type { Container } from '../container';
import { buildOpenApi } from '../lib/openapi';
import type { ApiRouter } from '../lib/route';

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

  api.raw('get', '/metrics', async (ctx) => {
    ctx.type = c.metrics.registry.contentType;
    ctx.body = await c.metrics.registry.metrics();
  });

  api.raw('get', '/openapi.json', (ctx) => {
    ctx.body = buildOpenApi(api.contracts, c.version);
  });
}
