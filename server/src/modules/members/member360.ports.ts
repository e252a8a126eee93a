import type { Types } from 'mongoose';
import type { AuditService } from '../audit';
import type { MemberSignupView } from '../events';
import type { OrdersService } from '../orders';
import type { PaymentServices } from '../payments';
import type { PerksService } from '../perks';
import type { PointsAdjustments, PointsService } from '../points';
import type { TagsService } from '../tags';
import type { TiersService } from '../tiers';
import type { ValueService } from '../value';
import type { WalletAdjustments, WalletService } from '../wallet';
import type { ConsultantsService, FollowUpsService, RelationsService } from '../wecom';
import type { MembersService } from './members.service';

/**
 * What the member 360 reads from other modules: their services' intent methods, never their
 * models. Built by the composition root (modules/member360-wiring.ts); `buildMember360`
 * refuses to start without any of them.
 */
export interface Member360Ports {
  members: Pick<MembersService, 'byMemberNo'>;
  orders: Pick<OrdersService, 'pageOf' | 'paidBefore'>;
  points: Pick<PointsService, 'summary' | 'entriesBefore'>;
  pointsAdjust: Pick<PointsAdjustments, 'adjust'>;
  wallet: Pick<WalletService, 'view'>;
  walletAdjust: Pick<WalletAdjustments, 'adjust' | 'entriesBefore'>;
  tiers: Pick<TiersService, 'history' | 'ladder'>;
  perks: Pick<PerksService, 'instancesOf'>;
  memberships: Pick<PaymentServices['payments']['memberships'], 'view'>;
  value: Pick<ValueService, 'memberValue'>;
  tags: Pick<TagsService, 'tagsOf'>;
  relations: Pick<RelationsService, 'activePairsOfMember'>;
  consultants: Pick<ConsultantsService, 'byUserId'>;
  followUps: Pick<FollowUpsService, 'notesOfMember' | 'ofMember'>;
  /** Store names by code, for the orders table. */
  stores: { nameOf(storeCode: string): string | null };
  /** Adjustments are audited once, when applied (a replay changed nothing). */
  audit: Pick<AuditService, 'record'>;
  /** The events module's `memberSignups` bound to its service. */
  signups(
    memberId: Types.ObjectId,
    opts: { at?: Date | null; limit: number },
  ): Promise<MemberSignupView[]>;
}
