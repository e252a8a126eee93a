import type { Core } from '../../container';
import { ConsultantsService } from '../consultants/consultants.service';
import { consultantModels } from '../consultants/consultants.model';
import { FollowUpsService } from '../consultants/follow-ups.service';
import type { SpineServices } from '../spine';
import { TagsService } from '../tags/tags.service';
import { WeComDailySync } from './daily-sync';
import { DurableQueue } from './durable-queue';
import { RelationsService } from './relations.service';
import type { SidebarPorts } from './sidebar.ports';
import { SidebarService } from './sidebar.service';
import { wireMemberSync } from './member-sync';
import { EVENT_KIND } from './wecom.callbacks';
import { type AlertsPort, type ValuePort, WeComEventProcessor } from './wecom.events';

export interface WeComServices {
  wecomQueue: DurableQueue;
  tags: TagsService;
  relations: RelationsService;
  consultants: ConsultantsService;
  followUps: FollowUpsService;
  sidebar: SidebarService;
  /** Null when WeCom is off (not configured outside sandbox mode). */
  wecomEvents: WeComEventProcessor | null;
  /** Nightly library resync and tier-tag check: call `schedule()` hourly from the scheduler. */
  wecomDailySync: WeComDailySync;
  /** Optional ports to other modules: assign after building (e.g. `wecomPorts.alerts = …`). */
  wecomPorts: WeComPorts;
}

export interface WeComPorts extends SidebarPorts {
  alerts?: AlertsPort;
  value?: ValuePort;
}

/**
 * Consultants, relations, tags, callbacks and the sidebar. Ports to other modules (alerts,
 * value, perks, points, wallet, events) are optional; set them on `ports` before the first
 * request (the lead wires them in registry.ts).
 */
export function buildWeComServices(
  core: Core,
  spine: SpineServices,
  ports: WeComPorts = {},
): WeComServices {
  const wecom = spine.integrations.wecom;
  const client = wecom?.client ?? null;
  const queue = new DurableQueue(core);
  const m = consultantModels(core.conn);
  const tags = new TagsService(core, queue, client);
  const relations = new RelationsService(core, m);
  tags.relations = relations;
  const followUps = new FollowUpsService(core, m);
  const consultants = new ConsultantsService(core, m, client);
  const sidebar = new SidebarService({
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
  if (wecom) {
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
    queue.start();
  }
  wireMemberSync(spine, queue, relations, tags);
  const wecomDailySync = new WeComDailySync(core, queue, {
    relations,
    tags,
    members: spine.members,
    tiers: spine.tiers,
    ports,
  });
  return {
    wecomQueue: queue,
    tags,
    relations,
    consultants,
    followUps,
    sidebar,
    wecomEvents,
    wecomPorts: ports,
    wecomDailySync,
  };
}
