import type { Core } from '../../core';
import { requirePorts } from '../../lib/ports';
import type { Platform } from '../../platform';
import { CircleAudience } from './audience';
import { circleModels } from './circles.model';
import { CirclesService } from './circles.service';
import { CircleFields, type CircleSettings } from './fields.service';
import { InterestCounts } from './interests';
import { CircleMaterializer } from './materialize';
import { CircleMemberships } from './memberships';
import type { CircleSourcePorts } from './ports';
import { ProfileCache } from './profile-cache';
import { Profiles } from './profiles';
import { CircleReports } from './reports';
import { ValueColumnCache } from './value-columns';

export { registerCircleRoutes } from './circles.routes';
export { circleView } from './circles.service';
export type { CircleSettings } from './fields.service';
export type { MaterializeResult } from './materialize';
export type { MemberCircle } from './memberships';
export type { CircleSourcePorts } from './ports';
export {
  CircleAudience,
  CirclesService,
  CircleMaterializer,
  CircleMemberships,
  CircleReports,
  CircleFields,
};

const KIND = 'circles.materialize';
/** Changes that may move members (orders, tier changes) coalesce into one run this often. */
const DEBOUNCE_MS = 2 * 60_000;
const EDIT_DELAY_MS = 5_000;

export interface CircleStore {
  circleMemberships: CircleMemberships;
  circleAudience: CircleAudience;
}

/** The read side (memberships, interests): built early, for the modules that target circles. */
export function buildCircleStore(core: Core): CircleStore {
  const m = circleModels(core.conn);
  const interests = new InterestCounts(m, () => core.clock.now());
  const circleMemberships = new CircleMemberships(m, interests);
  return { circleMemberships, circleAudience: new CircleAudience(m, circleMemberships) };
}

export interface CircleServices extends CircleStore {
  circles: CirclesService;
  circleMaterializer: CircleMaterializer & { queue(delayMs?: number): Promise<void> };
  circleReports: CircleReports;
  circleFields: CircleFields;
}

/**
 * The engine: definitions, previews, materialisation and reports. Built last, since its
 * profiles read from every other module through `ports`.
 */
export function buildCircles(
  core: Core,
  platform: Platform,
  store: CircleStore,
  ports: CircleSourcePorts & { consultants(): Promise<Array<{ value: string; label: string }>> },
  settings: CircleSettings,
): CircleServices {
  requirePorts('circles', ports, [
    'members',
    'value',
    'tags',
    'relations',
    'points',
    'wallet',
    'payments',
    'orders',
    'engagement',
    'perks',
    'tiers',
    'consultants',
  ]);
  const m = circleModels(core.conn);
  const { circleMemberships } = store;
  const valueCache = new ValueColumnCache();
  const profiles = new ProfileCache(() =>
    Profiles.build(
      ports,
      circleMemberships.interests,
      settings.storeCities,
      core.clock.now(),
      valueCache,
    ),
  );
  // A run builds fresh profiles and leaves them in the cache: the previews after it are warm.
  const materializer = new CircleMaterializer(core, m, circleMemberships, () => profiles.fresh());
  const queue = (delayMs = 0) => platform.queue.schedule(KIND, KIND, delayMs);
  // Edits coalesce for a few seconds (an editor saving twice makes one run).
  const circles = new CirclesService(m, circleMemberships, profiles, () => queue(EDIT_DELAY_MS));
  platform.queue.handle(
    KIND,
    async () => {
      await materializer.run();
    },
    { leaseMs: 15 * 60_000 },
  );
  // Orders and tier changes can move members between circles: one run soon after a burst.
  platform.domainEvents.subscribe('order.paid', 'circles.refresh', () => queue(DEBOUNCE_MS));
  platform.domainEvents.subscribe('tier.changed', 'circles.refresh', () => queue(DEBOUNCE_MS));
  return {
    circleMemberships,
    circleAudience: store.circleAudience,
    circles,
    circleMaterializer: Object.assign(materializer, { queue }),
    circleReports: new CircleReports(m, ports, () => core.clock.now()),
    circleFields: new CircleFields(ports, settings),
  };
}
export { seedDemoCircles } from './circles.seed';
