import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route; the server maps each to an auth middleware. */
export type RouteAuth = 'none' | 'member' | 'admin' | 'consultant' | 'integration' | 'sandbox';

/**
 * One API route, described once: the server validates with these schemas, the clients take
 * their types from them and /openapi.json is generated from them.
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Koa-style path, e.g. `/api/mp/perks/:code/claim`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /**
   * Admin routes only: the roles allowed to call it (default: every role; `analyst` is
   * read-only regardless). Enforced before input validation.
   */
  roles?: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Status of a successful answer (default 200). */
  status?: number;
}

export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(c: RouteContract<P, Q, B, R>): RouteContract<P, Q, B, R> {
  return c;
}

export type ResponseOf<C> =
  C extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.infer<R> : never;
export type BodyOf<C> =
  C extends RouteContract<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never;
export type QueryOf<C> =
  C extends RouteContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never;
export type ParamsOf<C> =
  C extends RouteContract<infer P, z.ZodType, z.ZodType, z.ZodType> ? z.input<P> : never;

/**
 * The concrete path of a route: each `:name` segment replaced by its encoded parameter. A
 * missing parameter is a programming error, so it throws instead of calling a wrong URL.
 */
export function routePath(
  route: Pick<RouteContract, 'path'>,
  params: Record<string, string | number> = {},
): string {
  return route.path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new Error(`routePath: missing parameter "${name}" for ${route.path}`);
    }
    return encodeURIComponent(String(value));
  });
}
