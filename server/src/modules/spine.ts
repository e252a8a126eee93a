import type { Core } from '../core';
import { buildIntegrations, type Integrations } from '../integrations';
import type { Platform } from '../platform';
import { GrowthService } from './growth';
import { MembersService } from './members';
import { MergeService } from './members';
import { OrdersService } from './orders';
import { RefundsService } from './orders';
import { SessionService } from './session';
import { TierJob } from './tiers';
import { TiersService } from './tiers';

/** Members, identity, orders and tiers: the services every later module builds on. */
export interface SpineServices {
  integrations: Integrations;
  members: MembersService;
  merges: MergeService;
  growth: GrowthService;
  tiers: TiersService;
  orders: OrdersService;
  refunds: RefundsService;
  session: SessionService;
  tierJob: TierJob;
}

export async function buildSpine(core: Core, platform: Platform): Promise<SpineServices> {
  const integrations = await buildIntegrations(core);
  const members = new MembersService(core, platform.domainEvents);
  const merges = new MergeService(core, members);
  const growth = new GrowthService(core);
  const tiers = new TiersService(core, members, growth);
  const orders = new OrdersService(core, members, growth, tiers, platform.domainEvents);
  const refunds = new RefundsService(core, orders, growth, tiers);
  const session = new SessionService(core, integrations.weapp, members, merges, tiers);
  merges.register(orders.mergeParticipant());
  merges.register({
    name: 'growth',
    merge: async (loser, survivor, key) => void (await growth.transfer(loser, survivor, key)),
    unmerge: async (loser, survivor, key) =>
      void (await growth.transfer(survivor, loser, `${key}:undo`, key)),
  });
  merges.afterChange = async (memberId) => void (await tiers.evaluate(memberId));
  const tierJob = new TierJob(core, members, tiers);
  return { integrations, members, merges, growth, tiers, orders, refunds, session, tierJob };
}
