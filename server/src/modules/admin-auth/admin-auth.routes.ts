import { adminAuthRoutes as r } from '@circles/shared';
import type { Container } from '../../container';
import { isAppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';
import { bearer } from '../../lib/tokens';
import { auditBy } from '../audit';
import { requireRole } from './admin-guard';

/** Login, session and account administration for the back office. */
export function registerAdminAuthRoutes(api: ApiRouter, c: Container): void {
  const { adminAuth, adminAccounts } = c.services;

  api.add(r.login, async ({ body, ctx }) => {
    try {
      return await adminAuth.login(body, ctx.ip, { requestId: ctx.state.requestId });
    } catch (err) {
      // The error middleware writes the body; the header is what HTTP clients back off on.
      const wait =
        isAppError(err) && (err.details as { retryAfterSeconds?: number })?.retryAfterSeconds;
      if (wait) ctx.set('Retry-After', String(wait));
      throw err;
    }
  });

  api.add(r.me, async ({ ctx }) => {
    const session = await adminAuth.authenticate(bearer(ctx.get('authorization')) ?? '');
    return { account: session.account, expiresAt: session.expiresAt.toISOString() };
  });

  api.add(r.logout, async ({ auth, ctx }) => {
    await adminAuth.logout(auditBy(ctx), requireRole(auth).adminId);
    return { ok: true as const };
  });

  api.add(r.listAccounts, ({ query }) => adminAccounts.list(query));

  api.add(r.createAccount, async ({ body, ctx }) => ({
    account: await adminAccounts.create(auditBy(ctx), body),
  }));

  api.add(r.updateAccount, async ({ params, body, ctx }) => ({
    account: await adminAccounts.update(auditBy(ctx), params.id, body),
  }));
}
