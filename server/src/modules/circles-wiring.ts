import { CATEGORY_NAMES, DEMO_STORES } from './seed';
import type { Core } from '../core';
import type { CircleSettings, CircleSourcePorts } from './circles';
import type { EngagementServices } from './engagement';
import type { PaymentServices } from './payments';
import type { PerksServices } from './perks';
import type { PointsServices } from './points';
import type { SpineServices } from './spine';
import type { ValueServices } from './value';
import type { WalletServices } from './wallet';
import type { WeComBase } from './wecom';

/**
 * What circles read from every other module (composition root): each port is a batch or
 * streaming intent method of the module that owns the data.
 */
export function circleSources(
  spine: SpineServices,
  s: {
    value: ValueServices;
    wecomBase: WeComBase;
    points: PointsServices;
    wallet: WalletServices;
    payments: PaymentServices;
    engagement: EngagementServices;
    perks: PerksServices;
  },
): CircleSourcePorts & { consultants(): Promise<Array<{ value: string; label: string }>> } {
  const { value } = s.value;
  return {
    members: { streamActive: () => spine.members.query.streamActive() },
    value: {
      latestSnapshots: () => value.latestSnapshots(),
      latestRun: () => value.latestRun(),
      snapshotsOf: (runId) => value.snapshotsOf(runId),
    },
    tags: {
      streamMemberTags: () => s.wecomBase.tags.streamMemberTags(),
      options: () => s.wecomBase.tags.tagOptions(),
    },
    relations: { streamActivePairs: () => s.wecomBase.relations.streamActivePairs() },
    points: { streamBalances: () => s.points.points.streamBalances() },
    wallet: { streamBalances: () => s.wallet.wallet.streamBalances() },
    payments: { activeMemberIds: (at) => s.payments.payments.memberships.activeMemberIds(at) },
    orders: { streamSince: (since) => spine.orders.streamSince(since) },
    engagement: {
      attendancesSince: (since) => s.engagement.events.attendancesSince(since),
      sharesSince: (since) => s.engagement.tasks.countedSharesSince(since),
      invitesSince: (since) => s.engagement.referral.invitesSince(since),
      reviewsSince: (since) => s.engagement.tasks.reviewsSince(since),
    },
    perks: { usersSince: (since) => s.perks.perks.usersSince(since) },
    tiers: {
      options: async () =>
        (await spine.tiers.ladder()).tiers.map((t) => ({ value: t.code, label: t.name })),
    },
    consultants: () => s.wecomBase.consultants.options(),
  };
}

/** Store cities and categories the editor offers: the demo catalogue in sandbox mode. */
export function circleSettings(core: Core): CircleSettings {
  if (!core.config.sandbox) return { storeCities: {}, categories: [] };
  return {
    storeCities: Object.fromEntries(DEMO_STORES.map((st) => [st.code, st.city])),
    categories: [...CATEGORY_NAMES],
  };
}
