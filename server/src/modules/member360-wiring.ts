import type { AuditService } from './audit';
import type { EngagementServices } from './engagement';
import { memberSignups } from './events';
import type { Member360Ports } from './members';
import type { PaymentServices } from './payments';
import type { PerksServices } from './perks';
import type { PointsServices } from './points';
import { DEMO_STORES } from './seed';
import type { SpineServices } from './spine';
import type { ValueServices } from './value';
import type { WalletServices } from './wallet';
import type { WeComBase } from './wecom';

/**
 * What the member 360 reads and writes (composition root): each port is a service of the module
 * that owns the data. Store names come from the store directory the seed and import use (the
 * only one there is; an unknown code shows as itself).
 */
export function member360Ports(
  spine: SpineServices,
  s: {
    audit: AuditService;
    points: PointsServices;
    wallet: WalletServices;
    perks: PerksServices;
    payments: PaymentServices;
    value: ValueServices;
    wecomBase: WeComBase;
    engagement: EngagementServices;
  },
): Member360Ports {
  const stores = new Map(DEMO_STORES.map((st) => [st.code, st.name]));
  const { events } = s.engagement;
  return {
    members: spine.members,
    orders: spine.orders,
    points: s.points.points,
    pointsAdjust: s.points.pointsAdjust,
    wallet: s.wallet.wallet,
    walletAdjust: s.wallet.walletAdjust,
    tiers: spine.tiers,
    perks: s.perks.perks,
    memberships: s.payments.payments.memberships,
    value: s.value.value,
    tags: s.wecomBase.tags,
    relations: s.wecomBase.relations,
    consultants: s.wecomBase.consultants,
    followUps: s.wecomBase.followUps,
    signups: (memberId, opts) => memberSignups(events, memberId, opts),
    stores: { nameOf: (code) => stores.get(code) ?? null },
    audit: s.audit,
  };
}
