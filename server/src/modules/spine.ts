import type { Core } from '../container';
import { buildIntegrations, type Integrations } from '../integrations';
import { GrowthService } from './growth/growth.service';
import { MembersService } from './members/members.service';
import { MergeService } from './members/merge.service';
import { OrdersService } from './orders/orders.service';
import { RefundsService } from './orders/refunds.service';
import { SessionService } from './session/session.service';
import { TierJob } from './tiers/tiers.job';
import { TiersService } from './tiers/tiers.service';

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

export async function buildSpine(core: Core): Promise<SpineServices> {
  const integrations = await buildIntegrations(core);
  const members = new MembersService(core);
  const merges = new MergeService(core, members);
  const growth = new GrowthService(core);
  const tiers = new TiersService(core, members, growth);
  const orders = new OrdersService(core, members, growth, tiers);
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
