import { requirePorts } from '../../lib/ports';
import type { Core } from '../../core';
import type { AuditService } from '../audit';
import { PointsAdjustments } from './adjust';
import type { SpineServices } from '../spine';
import { CatalogService } from './catalog.service';
import { PointsExpiryJob } from './expiry.job';
import { GrantsService } from './grants.service';
import type { LedgerFaults } from './ledger';
import {
  type EarnPairs,
  OrderEarning,
  pointsMergeParticipant,
  reverseOnRefund,
} from './points.hooks';
import { PointsService } from './points.service';
import type { PointsPorts } from './ports';
import { RedeemService } from './redeem.service';

export { PointsService } from './points.service';
export { PointsAdjustments, type PointsAdjustInput, type PointsAdjustResult } from './adjust';
export type { PerksPort, PointsPorts, TagsPort } from './ports';

/** Everything the points module adds to Services. */
export interface PointsServices {
  points: PointsService;
  pointsCatalog: CatalogService;
  pointsRedeem: RedeemService;
  /** Nightly (run it with the other periodic jobs): writes expiry entries for due lots. */
  pointsExpiryJob: PointsExpiryJob;
  pointsGrants: GrantsService;
  /** Manual corrections, applied and reported once per idempotency key. */
  pointsAdjust: PointsAdjustments;
  /**
   * Order earning; `forOrders` is the bulk form for imports (the per-order onPaid hook costs
   * about three round trips per order).
   */
  pointsEarning: OrderEarning;
  /** The perks and tags ports points was built with (tests may swap one). */
  pointsPorts: PointsPorts;
}

/**
 * Builds the points module and plugs it into the spine: earning and reversal hooks on orders,
 * and a merge participant so points follow OneID merges.
 */
export function buildPoints(
  core: Core,
  spine: Pick<SpineServices, 'orders' | 'merges' | 'tiers' | 'members'>,
  audit: AuditService,
  ports: PointsPorts,
  opts: { faults?: LedgerFaults } = {},
): PointsServices {
  const points = new PointsService(core, opts.faults);
  const pointsPorts = requirePorts('points', ports, ['perks', 'tags']);
  const pointsCatalog = new CatalogService(core);
  const pointsRedeem = new RedeemService(points, pointsCatalog, pointsPorts);
  const pointsEarning = new OrderEarning(points, spine.tiers, () => core.clock.now());
  // `bulk`: the import runs hooks over a whole batch; points then write once per member.
  spine.orders.onPaid(
    'points.earn',
    Object.assign(pointsEarning.onPaid, {
      bulk: (pairs: EarnPairs) => pointsEarning.forOrders(pairs),
    }),
  );
  spine.orders.onRefunded('points.reverse', reverseOnRefund(points));
  spine.merges.register(pointsMergeParticipant(points));
  const pointsExpiryJob = new PointsExpiryJob(core, points);
  const pointsGrants = new GrantsService(
    core,
    points,
    spine.members,
    spine.tiers,
    audit,
    pointsPorts,
  );
  return {
    points,
    pointsCatalog,
    pointsRedeem,
    pointsExpiryJob,
    pointsGrants,
    pointsAdjust: new PointsAdjustments(points, core.clock),
    pointsEarning,
    pointsPorts,
  };
}
