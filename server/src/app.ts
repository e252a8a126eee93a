import Koa from 'koa';
import type { Container } from './container';
import './lib/koa-types';
import { ApiRouter } from './lib/route';
import { bodyReader } from './middleware/body';
import { errorHandler } from './middleware/errors';
import { httpMetrics } from './middleware/metrics';
import { requestContext } from './middleware/request-context';
import { registerRoutes } from './routes';
import { createWeappSandboxRouter } from './sandbox/weapp/weapp-sandbox.routes';
import { createPaySandboxRouter } from './sandbox/wxpay/pay-sandbox.routes';
import { serveFrontends } from './static';

export interface AppOptions {
  /** Serve the built front ends (off in API tests). */
  frontends?: boolean;
}

/** The Koa app factory: middleware order and route registration, nothing else. */
export function createApp(c: Container, opts: AppOptions = {}): Koa {
  // X-Forwarded-For is client-controlled unless a proxy we run rewrites it: believe it only with
  // TRUST_PROXY=<hops>, and then only the entries those hops appended (the login limits key on ctx.ip).
  const hops = c.config.trustProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  app.silent = true; // errors are logged by the error middleware with the request id
  app.use(requestContext(c.logger));
  app.use(httpMetrics(c.metrics));
  app.use(errorHandler());
  app.use(bodyReader());

  const api = new ApiRouter(c.guards);
  registerRoutes(api, c);
  app.use(api.router.routes());
  const sandbox = c.services.integrations.sandbox;
  // The fakes' control APIs stand in for the WeChat client; they exist only in sandbox mode.
  if (sandbox) app.use(createWeappSandboxRouter(sandbox.weapp).routes());
  if (sandbox?.pay) app.use(createPaySandboxRouter(sandbox.pay.control).routes());

  if (opts.frontends !== false) app.use(serveFrontends());
  return app;
}
