import type { Middleware } from 'koa';
import type { Metrics } from '../lib/metrics';

/** Labels by the matched route pattern, never the raw URL, to keep label cardinality bounded. */
export function httpMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const end = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const route = typeof matched === 'string' ? matched : staticRoute(ctx.path);
      const labels = { method: ctx.method, route, status: String(ctx.status) };
      end(labels);
      metrics.httpRequests.inc(labels);
    }
  };
}

function staticRoute(p: string): string {
  for (const prefix of ['/admin/', '/sidebar/', '/h5/'])
    if (p.startsWith(prefix)) return `${prefix}*`;
  return 'unmatched';
}
