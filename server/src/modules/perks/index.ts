import type { Core } from '../../container';
import type { SpineServices } from '../spine';
import { BirthdayPerkJob } from './perks.birthday';
import { PerksService } from './perks.service';

export { type BirthdayJobResult, BirthdayPerkJob } from './perks.birthday';
export { PerkCatalog, perkView } from './perks.catalog';
export { registerPerkRoutes } from './perks.routes';
export {
  type IssueOptions,
  type PerkRedeemed,
  PerksService,
  type RedeemedBy,
  type SidebarPerk,
} from './perks.service';

export interface PerksServices {
  perks: PerksService;
  /** Daily: birthday gifts for members born this month (schedule next to tierJob). */
  perkBirthdayJob: BirthdayPerkJob;
}

/** Tier perks; their merge participant moves instances with OneID merges. */
export function buildPerks(
  core: Core,
  spine: Pick<SpineServices, 'members' | 'merges' | 'tiers'>,
): PerksServices {
  const perks = new PerksService(core, spine.members, spine.tiers);
  spine.merges.register(perks.mergeParticipant());
  return { perks, perkBirthdayJob: new BirthdayPerkJob(core, spine.members, perks) };
}
