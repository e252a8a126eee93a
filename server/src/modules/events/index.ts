import type { Core } from '../../container';
import type { RewardPayer } from '../engagement/rewards';
import type { SpineServices } from '../spine';
import { EventsService } from './events.service';
import { SignupsService } from './signups.service';

export { registerEventRoutes } from './events.routes';
export { EventsService, SignupsService };

export interface EventServices {
  events: EventsService;
  signups: SignupsService;
}

export function buildEvents(core: Core, spine: SpineServices, rewards: RewardPayer): EventServices {
  const events = new EventsService(core, spine.members);
  const signups = new SignupsService(core, events, spine.members, rewards);
  spine.merges.register(signups.mergeParticipant());
  return { events, signups };
}
