import { circleRoutes, tierRoutes } from '@circles/shared';
import type { Core } from '../core';
import type { AuthGuards } from '../lib/route';
import {
  type AdminAccountService,
  type AdminAuthService,
  adminGuard,
  buildAdminAuth,
} from './admin-auth';
import { type AuditService, buildAudit } from './audit';
import { buildEngagement, type EngagementServices } from './engagement';
import { IntegrationNonces, integrationGuard } from './orders';
import { buildPayments, type PaymentServices } from './payments';
import { buildPerks, type PerksServices } from './perks';
import { buildPoints, type PointsServices } from './points';
import { memberGuard } from './session';
import { buildSpine, type SpineServices } from './spine';
import { buildValue, type ValueServices } from './value';
import { consultantGuard } from './wecom';
import { buildWallet, type WalletServices } from './wallet';
import { buildMessages, type MessageServices } from './messages';
import { buildWeComBase, buildWeComServices, type WeComServices } from './wecom';
import { buildCircles, buildCircleStore, type CircleServices } from './circles';
import { circleSettings, circleSources } from './circles-wiring';
import { buildPlatform, type Platform } from '../platform';
import { buildPlaybooks, type PlaybookServices } from './playbooks';
import { playbookPorts } from './playbooks-wiring';
import { buildMemberHealth, type MemberHealthServices } from './member-health';
import { buildMemberCode, type MemberCodeServices } from './member-code';
import { memberHealthPorts } from './member-health-wiring';
import { buildMember360, type Member360Service } from './members';
import { member360Ports } from './member360-wiring';

/**
 * Every domain service, built once per container. Modules call each other's services (never
 * each other's models); add a module by building its service here and its routes in
 * routes/index.ts.
 */
export interface Services
  extends Platform,
    SpineServices,
    CircleServices,
    PointsServices,
    EngagementServices,
    WeComServices,
    WalletServices,
    MessageServices,
    PerksServices,
    PaymentServices,
    PlaybookServices,
    MemberHealthServices,
    MemberCodeServices,
    ValueServices {
  audit: AuditService;
  adminAuth: AdminAuthService;
  adminAccounts: AdminAccountService;
  /** The back office's member 360 (会员 360): reads across modules, manual adjustments. */
  member360: Member360Service;
}

export async function buildServices(core: Core): Promise<Services> {
  // Dependency order: each module gets the ports it needs as constructor arguments.
  const platform = buildPlatform(core);
  const audit = buildAudit(core);
  const spine = await buildSpine(core, platform);
  const wallet = buildWallet(core, spine);
  const messages = buildMessages(core, spine);
  const circleStore = buildCircleStore(core);
  const { circleMemberships } = circleStore;
  const perks = buildPerks(core, spine, {
    circles: {
      idsOf: (id) => circleMemberships.idsOf(id),
      names: (ids) => circleMemberships.names(ids),
      unknown: (ids) => circleMemberships.unknown(ids),
      interestsOf: (id) => circleMemberships.interests.scoresOf(id),
    },
  });
  const payments = buildPayments(core, spine, platform, {
    wallet: wallet.wallet,
    perks: perks.perks,
    // Built later; an ABNORMAL refund only raises once the app runs.
    alerts: { raise: (a) => value.alerts.raise(a) },
  });
  const wecomBase = buildWeComBase(core, spine, platform);
  const points = buildPoints(core, spine, audit, { perks: perks.perks, tags: wecomBase.tags });
  const memberCode = buildMemberCode(core, spine, {
    points: points.points,
    wallet: wallet.wallet,
  });
  const engagement = buildEngagement(core, spine, {
    points: points.points,
    perks: perks.perks,
    // Referral rewards are attributed to the consultant who serves the inviter.
    relations: { consultantsOf: (memberId) => wecomBase.relations.consultantsOf(memberId) },
    circles: { idsOf: (memberId) => circleMemberships.idsOf(memberId) },
  });
  const value = buildValue(core, spine, {
    perks: perks.perks,
    engagement: engagement.engagement,
    // Value warnings become follow-up tasks for the member's consultant (idempotent by sourceKey).
    followUps: {
      consultantsOf: (memberId) => wecomBase.relations.consultantsOf(memberId),
      createFollowUp: (input) => wecomBase.followUps.create(input),
    },
  });
  const wecom = buildWeComServices(core, spine, platform, wecomBase, {
    alerts: value.alerts,
    value: value.value,
    points: points.points,
    perks: perks.perks,
    wallet: wallet.wallet,
    events: engagement.events,
    circles: circleMemberships,
  });
  // A finished value run moves segment tags in WeCom (价值分层) for followed members.
  value.valueJob.onFinished.push((runId) => wecom.wecomDailySync.segmentsChanged(runId));
  const circles = buildCircles(
    core,
    platform,
    circleStore,
    circleSources(spine, {
      value,
      wecomBase,
      points,
      wallet,
      payments,
      engagement,
      perks,
    }),
    circleSettings(core),
  );
  // New scores move members between circles: materialise after every value run.
  value.valueJob.onFinished.push(() => circles.circleMaterializer.queue());
  const playbooks = buildPlaybooks(
    core,
    platform,
    playbookPorts(spine, { circleStore, perks, points, messages, wecomBase, engagement }),
  );
  const health = buildMemberHealth(
    core,
    memberHealthPorts(spine, { value, circleStore, perks, playbooks, wecomBase }),
  );
  // Churn warnings of the run are raised by now: the week's health figure follows.
  value.valueJob.onFinished.push(async () => {
    await health.memberHealth.measure();
  });
  const member360 = buildMember360(
    member360Ports(spine, { audit, points, wallet, perks, payments, value, wecomBase, engagement }),
  );
  // Every handler is registered: now the queue may pick up work (also what a crash left).
  platform.queue.start();
  return {
    ...platform,
    audit,
    ...buildAdminAuth(core, audit),
    ...spine,
    ...wallet,
    ...messages,
    ...perks,
    ...payments,
    ...points,
    ...memberCode,
    ...engagement,
    ...wecom,
    ...value,
    ...circles,
    ...playbooks,
    ...health,
    member360,
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
    admin: adminGuard(services.adminAuth, [tierRoutes.preview, circleRoutes.preview]),
    consultant: consultantGuard(core),
    integration: integrationGuard(
      core.config.integrationKeys,
      new IntegrationNonces(core.conn, core.clock),
      core.clock,
    ),
  };
}
