import { type AdminRole, adminAuthRoutes, type RouteContract } from '@circles/shared';
import type { Context, Middleware } from 'koa';
import { AppError } from '../../lib/errors';
import type { AuthContext } from '../../lib/koa-types';
import { bearer } from '../../lib/tokens';
import type { AdminAuthService } from './admin-auth.service';

const READ_METHODS = new Set(['GET', 'HEAD']);
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/**
 * The `admin` auth guard: a valid bearer token of a live account (not disabled, not logged
 * out), then the house rule that analysts are read-only. The rule lives here rather than in
 * each contract so that no route can forget it.
 */
export function adminGuard(
  auth: AdminAuthService,
  /** Non-GET routes that change nothing (e.g. a preview), which analysts may call too. */
  analystAllowed: ReadonlyArray<Pick<RouteContract, 'method' | 'path'>> = [],
): Middleware {
  // Ending one's own session is always allowed.
  const allowed = new Set(
    [adminAuthRoutes.logout, ...analystAllowed].map((c) => routeKey(c.method, c.path)),
  );
  return async (ctx, next) => {
    const token = bearer(ctx.get('authorization'));
    if (!token) throw AppError.of('AUTH_REQUIRED', '请先登录');
    const session = await auth.authenticate(token);
    ctx.state.auth = {
      kind: 'admin',
      adminId: session.adminId,
      username: session.username,
      role: session.role,
    };
    if (
      session.role === 'analyst' &&
      !READ_METHODS.has(ctx.method) &&
      !allowed.has(routeKey(ctx.method, matchedRoute(ctx) ?? ctx.path))
    ) {
      throw AppError.of('ROLE_FORBIDDEN', '分析师账号为只读，不能修改数据');
    }
    return next();
  };
}

/**
 * For checks finer than a contract's `roles` (e.g. one field only some roles may set):
 * returns the admin auth, or throws 403 ROLE_FORBIDDEN. No roles: any admin session.
 */
export function requireRole(
  auth: AuthContext | undefined,
  ...roles: AdminRole[]
): Extract<AuthContext, { kind: 'admin' }> {
  if (auth?.kind !== 'admin' || (roles.length > 0 && !(roles as string[]).includes(auth.role))) {
    throw AppError.of('ROLE_FORBIDDEN', '当前角色无权执行此操作');
  }
  return auth;
}

/** The route pattern koa-router matched (`/api/admin/accounts/:id`), set before the guard runs. */
function matchedRoute(ctx: Context): string | undefined {
  const m = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
  return typeof m === 'string' ? m : undefined;
}
