import type { RouteAuth, RouteContract } from '@circles/shared';
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import { AppError } from './errors';
import type { AuthContext } from './koa-types';
import { validate } from './validate';

type Infer<T> = [NonNullable<T>] extends [z.ZodType] ? z.infer<NonNullable<T>> : undefined;

export interface HandlerInput<C extends RouteContract> {
  params: Infer<C['params']>;
  query: Infer<C['query']>;
  body: Infer<C['body']>;
  auth: AuthContext | undefined;
  ctx: Context;
}

export type Handler<C extends RouteContract> = (
  input: HandlerInput<C>,
) => Promise<z.input<C['response']>> | z.input<C['response']>;

export type AuthGuards = Record<RouteAuth, Middleware>;

/**
 * Registers routes from their shared contracts: input is validated before the handler runs,
 * the handler's return value is the response body, and every contract is remembered for
 * /openapi.json.
 */
export class ApiRouter {
  readonly router = new Router();
  readonly contracts: RouteContract[] = [];

  constructor(private readonly guards: AuthGuards) {}

  add<C extends RouteContract>(contract: C, handler: Handler<C>): this {
    this.contracts.push(contract);
    const guard = this.guards[contract.auth];
    const run: Middleware = async (ctx) => {
      const auth = ctx.state.auth;
      if (contract.roles && !(auth?.kind === 'admin' && contract.roles.includes(auth.role))) {
        throw AppError.of('ROLE_FORBIDDEN', '当前角色无权执行此操作');
      }
      const input = {
        params: contract.params ? validate(contract.params, ctx.params, 'params') : undefined,
        query: contract.query ? validate(contract.query, ctx.query, 'query') : undefined,
        body: contract.body ? validate(contract.body, ctx.state.body ?? {}, 'body') : undefined,
        auth: ctx.state.auth,
        ctx,
      } as HandlerInput<C>;
      const result = await handler(input);
      // A handler may choose its status (e.g. 503 from /healthz); Koa's untouched default is 404.
      const chosen = ctx.status !== 404 ? ctx.status : (contract.status ?? 200);
      if (chosen !== 204) ctx.body = result;
      ctx.status = chosen;
    };
    this.router.register(contract.path, [contract.method.toUpperCase()], [guard, run]);
    return this;
  }

  /** Mounts a plain Koa middleware route that has no JSON contract (callbacks, metrics). */
  raw(method: 'get' | 'post', path: string, ...mw: Middleware[]): this {
    this.router.register(path, [method.toUpperCase()], mw);
    return this;
  }
}
