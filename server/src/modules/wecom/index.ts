import type { Core } from '../../core';
import { ConsultantsService } from './consultants.service';
import { consultantModels } from './consultants.model';
import { FollowUpsService } from './follow-ups.service';
import type { SpineServices } from '../spine';
import { TagsService } from '../tags';
import { WeComBackfill } from './backfill';
import { WeComDailySync } from './daily-sync';
import type { Platform } from '../../platform';
import type { DurableQueue } from '../../platform/queue';
import { requirePorts } from '../../lib/ports';
import { RelationsService } from './relations.service';
import type { SidebarPorts } from './sidebar.ports';
import { SidebarService } from './sidebar.service';
import { UpstreamRelations } from './sidebar-upstream';
import { WelcomeLane } from './welcome.lane';
import { wireMemberSync } from './member-sync';
import { EVENT_KIND } from './wecom.callbacks';
import { type AlertsPort, type ValuePort, WeComEventProcessor } from './wecom.events';

/** Consultants, relations and tags: what other modules need from WeCom before it is wired. */
export interface WeComBase {
  tags: TagsService;
  relations: RelationsService;
  consultants: ConsultantsService;
  followUps: FollowUpsService;
}

export interface WeComServices extends WeComBase {
  /** The platform queue (callbacks, tag pushes and syncs run through it). */
  wecomQueue: DurableQueue;
  sidebar: SidebarService;
  /** Null when WeCom is off (not configured outside sandbox mode). */
  wecomEvents: WeComEventProcessor | null;
  /** Nightly library resync and tier-tag check (scheduled in startup.ts). */
  wecomDailySync: WeComDailySync;
  /** The ports WeCom was built with (tests may swap one). */
  wecomPorts: WeComPorts;
  /** Existing and missed relations from batch/get_by_user (first connect, nightly). */
  wecomBackfill: WeComBackfill;
  /** Null when WeCom is off. */
  wecomWelcome: WelcomeLane | null;
}

export interface WeComPorts extends SidebarPorts {
  alerts: AlertsPort;
  value: ValuePort;
}

export function buildWeComBase(core: Core, spine: SpineServices, platform: Platform): WeComBase {
  const client = spine.integrations.wecom?.client ?? null;
  const m = consultantModels(core.conn);
  const relations = new RelationsService(core, m);
  const tags = new TagsService(core, platform.queue, client, relations);
  const followUps = new FollowUpsService(core, m, platform.domainEvents);
  const consultants = new ConsultantsService(core, m, client);
  return { tags, relations, followUps, consultants };
}

/** The sidebar, callbacks and syncs, built once the modules they read from exist. */
export function buildWeComServices(
  core: Core,
  spine: SpineServices,
  platform: Platform,
  base: WeComBase,
  ports: WeComPorts,
): WeComServices {
  requirePorts('wecom', ports, [
    'alerts',
    'value',
    'points',
    'wallet',
    'perks',
    'events',
    'circles',
  ]);
  const wecom = spine.integrations.wecom;
  const { queue } = platform;
  const { relations, tags, followUps } = base;
  const linkDeps = { relations, tags, members: spine.members };
  const wecomBackfill = new WeComBackfill(core, queue, wecom?.client ?? null, linkDeps);
  const sidebar = new SidebarService({
    publicUrl: core.config.publicUrl,
    upstream: new UpstreamRelations(core, wecom?.client ?? null, linkDeps),
    ports,
    relations,
    tags,
    followUps,
    members: spine.members,
    tiers: spine.tiers,
    orders: spine.orders,
    weappAppid: spine.integrations.weappAppid,
  });
  let wecomEvents: WeComEventProcessor | null = null;
  let wecomWelcome: WelcomeLane | null = null;
  if (wecom) {
    wecomWelcome = new WelcomeLane(core, wecom, relations, spine.integrations.weappAppid, queue);
    // First connect: the relations that predate the callback URL. Once per key, so restarts
    // don't repeat it (the done item ages out after a week; a rerun is harmless then).
    wecomBackfill.schedule('initial').catch((err: unknown) => {
      core.logger.warn({ err }, 'wecom initial backfill not queued');
    });
    wecomEvents = new WeComEventProcessor({
      ports,
      core,
      wecom,
      weappAppid: spine.integrations.weappAppid,
      relations,
      tags,
      members: spine.members,
      tiers: spine.tiers,
    });
    const events = wecomEvents;
    queue.handle(EVENT_KIND, (payload) => events.handle(payload as Record<string, string>), {
      concurrency: 4,
    });
  }
  wireMemberSync(spine, queue, relations, tags);
  const wecomDailySync = new WeComDailySync(core, queue, {
    relations,
    tags,
    members: spine.members,
    tiers: spine.tiers,
    ports,
    backfill: wecomBackfill,
    welcomeMedia: wecomWelcome?.media ?? null,
  });
  return {
    ...base,
    wecomQueue: queue,
    sidebar,
    wecomEvents,
    wecomPorts: ports,
    wecomDailySync,
    wecomBackfill,
    wecomWelcome,
  };
}
export { ConsultantsService, consultantGuard } from './consultants.service';
export { FollowUpsService } from './follow-ups.service';
export { RelationsService } from './relations.service';
export { SidebarService } from './sidebar.service';
