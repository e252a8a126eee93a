import { tierRoutes } from '@circles/shared';
import type { Core } from '../container';
import type { AuthGuards } from '../lib/route';
import {
  type AdminAccountService,
  type AdminAuthService,
  adminGuard,
  buildAdminAuth,
} from './admin-auth';
import { type AuditService, buildAudit } from './audit';
import { buildEngagement, type EngagementServices } from './engagement';
import { integrationGuard } from './orders/integration-auth';
import { buildPayments, type PaymentServices } from './payments';
import { buildPerks, type PerksServices } from './perks';
import { buildPoints, type PointsServices } from './points';
import { memberGuard } from './session/member-guard';
import { buildSpine, type SpineServices } from './spine';
import { buildValue, type ValueServices } from './value';
import { consultantGuard } from './consultants/consultants.service';
import { buildWallet, type WalletServices } from './wallet';
import { buildWeComServices, type WeComServices } from './wecom';

/**
 * Every domain service, built once per container. Modules call each other's services (never
 * each other's models); add a module by building its service here and its routes in
 * routes/index.ts.
 */
export interface Services
  extends SpineServices,
    PointsServices,
    EngagementServices,
    WeComServices,
    WalletServices,
    PerksServices,
    PaymentServices,
    ValueServices {
  audit: AuditService;
  adminAuth: AdminAuthService;
  adminAccounts: AdminAccountService;
}

export async function buildServices(core: Core): Promise<Services> {
  const audit = buildAudit(core);
  const spine = await buildSpine(core);
  const wallet = buildWallet(core, spine);
  const points = buildPoints(core, spine, audit);
  const perks = buildPerks(core, spine);
  const payments = buildPayments(core, spine, wallet.wallet, perks.perks);
  const wecom = buildWeComServices(core, spine, { points: points.points });
  const engagement = buildEngagement(core, spine, {
    points: points.points,
    perks: perks.perks,
    // Referral rewards are attributed to the consultant who serves the inviter.
    relations: { consultantsOf: (memberId) => wecom.relations.consultantsOf(memberId) },
  });
  const value = buildValue(core, spine, {
    perks: perks.perks,
    engagement: engagement.engagement,
    // Value warnings become follow-up tasks for the member's consultant (idempotent by sourceKey).
    followUps: {
      consultantsOf: (memberId) => wecom.relations.consultantsOf(memberId),
      createFollowUp: (input) => wecom.followUps.create(input),
    },
  });
  // Redemption of perk items and tag segments of bulk grants (read at call time).
  Object.assign(points.pointsPorts, { perks: perks.perks, tags: wecom.tags });
  // The sidebar and WeCom callbacks read these ports at call time.
  Object.assign(wecom.wecomPorts, {
    alerts: value.alerts,
    value: value.value,
    perks: perks.perks,
    wallet: wallet.wallet,
    events: engagement.events,
  });
  // A finished value run moves segment tags in WeCom (价值分层) for followed members.
  value.valueJob.onFinished.push((runId) => wecom.wecomDailySync.segmentsChanged(runId));
  return {
    audit,
    ...buildAdminAuth(core, audit),
    ...spine,
    ...wallet,
    ...perks,
    ...payments,
    ...points,
    ...engagement,
    ...wecom,
    ...value,
  };
}

/** Auth guards per contract `auth` kind (none and sandbox are built in the container). */
export function buildGuards(
  core: Core,
  services: Services,
): Pick<AuthGuards, 'member' | 'admin' | 'consultant' | 'integration'> {
  return {
    member: memberGuard(core.tokens, services.members),
    // Previews change nothing, so read-only analysts may run them.
    admin: adminGuard(services.adminAuth, [tierRoutes.preview]),
    consultant: consultantGuard(core),
    integration: integrationGuard(core.config.integrationKeys, core.clock),
  };
}
