import { requirePorts } from '../../lib/ports';
import type { PerkCirclesPort } from './perks.catalog';
import type { Core } from '../../core';
import type { SpineServices } from '../spine';
import { BirthdayPerkJob } from './perks.birthday';
import { CouponsService } from './perks.coupons';
import { PerksService } from './perks.service';

export { type BirthdayJobResult, BirthdayPerkJob } from './perks.birthday';
export { PerkCatalog, type PerkCirclesPort, perkView } from './perks.catalog';
export { registerPerkRoutes } from './perks.routes';
export {
  type IssueOptions,
  type PerkRedeemed,
  PerksService,
  type RedeemedBy,
  type SidebarPerk,
} from './perks.service';

export { CouponsService } from './perks.coupons';

export interface PerksServices {
  perks: PerksService;
  /** 券包 and the till's coupon check and use. */
  coupons: CouponsService;
  /** Daily: birthday gifts for members born this month (schedule next to tierJob). */
  perkBirthdayJob: BirthdayPerkJob;
}

/** Tier perks; their merge participant moves instances with OneID merges. */
export function buildPerks(
  core: Core,
  spine: Pick<SpineServices, 'members' | 'merges' | 'tiers'>,
  ports: { circles: PerkCirclesPort },
): PerksServices {
  requirePorts('perks', ports, ['circles']);
  const perks = new PerksService(core, spine.members, spine.tiers, ports.circles);
  spine.merges.register(perks.mergeParticipant());
  return {
    perks,
    coupons: new CouponsService(core, perks, spine.members),
    perkBirthdayJob: new BirthdayPerkJob(core, spine.members, perks),
  };
}
export { seedDemoPerks } from './perks.seed';
