import type { Core } from '../../core';
import type { AuditService } from '../audit';
import { adminAuthModels } from './admin-account.model';
import { AdminAccountService } from './admin-accounts.service';
import { AdminAuthService } from './admin-auth.service';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password';

export { adminGuard, requireRole } from './admin-guard';
export { type DemoCredential, DEMO_ACCOUNTS, formatDemoCredentials } from './demo';
export { AdminAccountService, AdminAuthService };

/** Builds the back-office auth services on the core connection. */
export function buildAdminAuth(core: Core, audit: AuditService) {
  const models = adminAuthModels(core.conn, core.clock);
  const hasher = PasswordHasher.forEnv(core.config.env);
  const limiter = new LoginLimiter(models, core.clock);
  return {
    adminAuth: new AdminAuthService(models, {
      tokens: core.tokens,
      clock: core.clock,
      hasher,
      limiter,
      audit,
    }),
    adminAccounts: new AdminAccountService(models, { hasher, audit }),
  };
}
