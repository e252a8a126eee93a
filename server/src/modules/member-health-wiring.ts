import type { MemberHealthPorts } from './member-health';
import type { CircleStore } from './circles';
import type { PerksServices } from './perks';
import type { PlaybookServices } from './playbooks';
import type { SpineServices } from './spine';
import type { ValueServices } from './value';
import type { WeComBase } from './wecom';

/** What the member-health check reads (composition root): each port one method of its owner. */
export function memberHealthPorts(
  spine: SpineServices,
  s: {
    value: ValueServices;
    circleStore: CircleStore;
    perks: PerksServices;
    playbooks: PlaybookServices;
    wecomBase: WeComBase;
  },
): MemberHealthPorts {
  const { alerts, value } = s.value;
  const { circleMemberships } = s.circleStore;
  return {
    value: {
      latestRun: () => value.latestRun(),
      countInSegments: (runId, segments) => value.countInSegments(runId, segments),
      segmentsOf: (runId, ids) => value.segmentsOf(runId, ids),
    },
    alerts: {
      churnedBetween: (from, to) => alerts.membersRaised('churn_risk', from, to),
      raise: (input) => alerts.raise(input),
      latestOpenHealth: async () => {
        const a = await alerts.latestOpen('member_health');
        return a ? { id: String(a._id), title: a.title, dedupeKey: a.dedupeKey } : null;
      },
    },
    members: { profilesOf: (ids) => spine.members.query.profilesOf(ids) },
    circles: {
      idsOf: (id) => circleMemberships.idsOf(id),
      names: (ids) => circleMemberships.names(ids),
    },
    orders: {
      lastStoreOf: async (memberId) =>
        (await spine.orders.recent(memberId, 1))[0]?.storeCode ?? null,
    },
    consultants: {
      consultantsOf: (memberId) => s.wecomBase.relations.consultantsOf(memberId),
      names: async () =>
        new Map((await s.wecomBase.consultants.options()).map((o) => [o.value, o.label])),
    },
    perks: { usersSince: (since) => s.perks.perks.usersSince(since) },
    touches: { lastOf: (ids) => s.playbooks.playbooks.lastTouchesOf(ids) },
  };
}
