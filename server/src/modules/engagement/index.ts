import type { Types } from 'mongoose';
import { requirePorts } from '../../lib/ports';
import type { Core } from '../../core';
import { buildEvents, type EventServices } from '../events';
import { buildReferral, type ReferralServices } from '../referral';
import type { SpineServices } from '../spine';
import { buildTasks, type TaskServices } from '../tasks';
import type { PerksPort, PointsPort, RelationsPort } from './ports';
import { EngagementService } from './influence';
import { RewardPayer } from './rewards';

export type { InfluenceCount } from './influence';
export type { PerksPort, PointsPort, RelationsPort } from './ports';
export { EngagementService };

export interface EngagementPorts {
  points: PointsPort;
  perks: PerksPort;
  relations: RelationsPort;
  /** Circle-exclusive tasks and events. */
  circles: { idsOf(memberId: Types.ObjectId): Promise<ReadonlySet<string>> };
}

export interface EngagementServices extends TaskServices, ReferralServices, EventServices {
  engagement: EngagementService;
}

/** Tasks, referral and community events; rewards go through the points and perks ports. */
export function buildEngagement(
  core: Core,
  spine: SpineServices,
  ports: EngagementPorts,
): EngagementServices {
  requirePorts('engagement', ports, ['points', 'perks', 'relations', 'circles']);
  const rewards = new RewardPayer(spine.growth, ports.points, ports.perks, (id) =>
    spine.tiers.evaluate(id),
  );
  const tasks = buildTasks(core, spine, rewards, ports.circles);
  const referral = buildReferral(core, spine, rewards, ports.relations);
  // A qualified invitation (not a mere arrival) is what counts for "invite friends" tasks.
  referral.referralJob.onQualified.push((r) =>
    tasks.tasks.advance(r.inviterId, 'invite', { sourceId: `referral:${r._id}` }),
  );
  const events = buildEvents(core, spine, rewards, ports.circles);
  events.signups.onAttended.push((s) =>
    tasks.tasks.advance(s.memberId, 'event', { sourceId: `event:${s.eventId}` }),
  );
  const engagement = new EngagementService(tasks.tasks, referral.referral, events.events);
  return { ...tasks, ...referral, ...events, engagement };
}
export { seedDemoEngagement } from './engagement.seed';
export { RewardPayer } from './rewards';
