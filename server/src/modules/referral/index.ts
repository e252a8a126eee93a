import type { Core } from '../../core';
import type { RelationsPort } from '../engagement';
import type { RewardPayer } from '../engagement';
import type { SpineServices } from '../spine';
import { ReferralQualifier } from './referral.qualify';
import { ReferralService } from './referral.service';

export { registerReferralRoutes } from './referral.routes';
export { ReferralQualifier, ReferralService };

export interface ReferralServices {
  referral: ReferralService;
  referralJob: ReferralQualifier;
}

/** Builds the referral services and hooks them onto orders, refunds and merges. */
export function buildReferral(
  core: Core,
  spine: SpineServices,
  rewards: RewardPayer,
  relations: RelationsPort,
): ReferralServices {
  const referral = new ReferralService(core, spine.members, spine.integrations.weapp);
  const referralJob = new ReferralQualifier(core, referral, rewards, relations);
  spine.orders.onPaid('referral.qualify', (order, member) => referralJob.onPaid(order, member));
  spine.orders.onRefunded('referral.refund', (order) => referralJob.onRefund(order));
  spine.merges.register(referralJob.mergeParticipant());
  return { referral, referralJob };
}
