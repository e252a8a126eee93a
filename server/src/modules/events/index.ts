import type { Core } from '../../core';
import type { RewardPayer } from '../engagement';
import type { SpineServices } from '../spine';
import { type EventCirclesPort, EventsService } from './events.service';
import { SignupsService } from './signups.service';

export { registerEventRoutes } from './events.routes';
export { EventsService, SignupsService };
export { type MemberSignupView, memberSignups } from './member-signups';

export interface EventServices {
  events: EventsService;
  signups: SignupsService;
}

export function buildEvents(
  core: Core,
  spine: SpineServices,
  rewards: RewardPayer,
  circles: EventCirclesPort,
): EventServices {
  const events = new EventsService(core, spine.members, circles, spine.tiers);
  const signups = new SignupsService(core, events, spine.members, rewards);
  spine.merges.register(signups.mergeParticipant());
  return { events, signups };
}
