import { tierRoutes } from '@circles/shared';
import type { Core } from '../container';
import { AppError } from '../lib/errors';
import type { AuthGuards } from '../lib/route';
import {
  type AdminAccountService,
  type AdminAuthService,
  adminGuard,
  buildAdminAuth,
} from './admin-auth';
import { type AuditService, buildAudit } from './audit';
import { integrationGuard } from './orders/integration-auth';
import { memberGuard } from './session/member-guard';
import { buildSpine, type SpineServices } from './spine';

/**
 * Every domain service, built once per container. Modules call each other's services (never
 * each other's models); add a module by building its service here and its routes in
 * routes/index.ts.
 */
export interface Services extends SpineServices {
  audit: AuditService;
  adminAuth: AdminAuthService;
  adminAccounts: AdminAccountService;
}

export async function buildServices(core: Core): Promise<Services> {
  const audit = buildAudit(core);
  const spine = await buildSpine(core);
  return { audit, ...buildAdminAuth(core, audit), ...spine };
}

const notYet: AuthGuards['member'] = async () => {
  throw AppError.of('AUTH_REQUIRED', '请先登录');
};

/** Auth guards per contract `auth` kind (none and sandbox are built in the container). */
export function buildGuards(
  core: Core,
  services: Services,
): Pick<AuthGuards, 'member' | 'admin' | 'consultant' | 'integration'> {
  return {
    member: memberGuard(core.tokens, services.members),
    // Previews change nothing, so read-only analysts may run them.
    admin: adminGuard(services.adminAuth, [tierRoutes.preview]),
    consultant: notYet,
    integration: integrationGuard(core.config.integrationKeys, core.clock),
  };
}
