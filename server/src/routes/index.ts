import type { Container } from '../container';
import type { ApiRouter } from '../lib/route';
import { registerAdminAuthRoutes } from '../modules/admin-auth/admin-auth.routes';
import { registerAuditRoutes } from '../modules/audit';
import { registerMemberAdminRoutes } from '../modules/members/members.admin.routes';
import { registerOrderRoutes } from '../modules/orders/orders.routes';
import { registerSessionRoutes } from '../modules/session/session.routes';
import { registerTierAdminRoutes } from '../modules/tiers/tiers.routes';
import { registerSystemRoutes } from './system';

/** Every route of the API; each module contributes one register function. */
export function registerRoutes(api: ApiRouter, c: Container): void {
  registerSystemRoutes(api, c);
  registerAdminAuthRoutes(api, c);
  registerAuditRoutes(api, c);
  registerSessionRoutes(api, c);
  registerOrderRoutes(api, c);
  registerTierAdminRoutes(api, c);
  registerMemberAdminRoutes(api, c);
}
