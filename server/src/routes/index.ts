import type { Container } from '../container';
import type { ApiRouter } from '../lib/route';
import { registerAdminAuthRoutes } from '../modules/admin-auth/admin-auth.routes';
import { registerAuditRoutes } from '../modules/audit';
import { registerMemberAdminRoutes } from '../modules/members/members.admin.routes';
import { registerOrderRoutes } from '../modules/orders/orders.routes';
import { registerPaymentRoutes } from '../modules/payments/payments.routes';
import { registerPerkRoutes } from '../modules/perks';
import { registerPointsRoutes } from '../modules/points/points.routes';
import { registerSessionRoutes } from '../modules/session/session.routes';
import { registerTierAdminRoutes } from '../modules/tiers/tiers.routes';
import { registerCircleRoutes } from '../modules/circles';
import { registerPlaybookRoutes } from '../modules/playbooks';
import { registerMemberHealthRoutes } from '../modules/member-health';
import { registerEventRoutes } from '../modules/events';
import { registerReferralRoutes } from '../modules/referral';
import { registerTaskRoutes } from '../modules/tasks';
import { registerValueRoutes } from '../modules/value/value.routes';
import { registerWalletRoutes } from '../modules/wallet/wallet.routes';
import { registerMessageRoutes } from '../modules/messages';
import { registerMemberCodeRoutes } from '../modules/member-code';
import { registerWeComRoutes } from '../modules/wecom/sidebar.routes';
import { registerSystemRoutes } from './system';

/** Every route of the API; each module contributes one register function. */
export function registerRoutes(api: ApiRouter, c: Container): void {
  registerSystemRoutes(api, c);
  registerAdminAuthRoutes(api, c);
  registerAuditRoutes(api, c);
  registerSessionRoutes(api, c);
  registerOrderRoutes(api, c);
  registerPaymentRoutes(api, c);
  registerTierAdminRoutes(api, c);
  registerMemberAdminRoutes(api, c);
  registerPointsRoutes(api, c);
  registerTaskRoutes(api, c);
  registerReferralRoutes(api, c);
  registerEventRoutes(api, c);
  registerCircleRoutes(api, c);
  registerPlaybookRoutes(api, c);
  registerMemberHealthRoutes(api, c);
  registerWeComRoutes(api, c);
  registerWalletRoutes(api, c);
  registerMemberCodeRoutes(api, c);
  registerMessageRoutes(api, c);
  registerPerkRoutes(api, c);
  registerValueRoutes(api, c);
}
