import type { CircleStore } from './circles';
import type { EngagementServices } from './engagement';
import type { MessageServices } from './messages';
import type { OrderDoc } from './orders';
import type { PerksServices } from './perks';
import type { PlaybookWiring } from './playbooks';
import type { PointsServices } from './points';
import type { SpineServices } from './spine';
import type { WeComBase } from './wecom';

/** What playbooks act through (composition root): each port one intent method of its owner. */
export function playbookPorts(
  spine: SpineServices,
  s: {
    circleStore: CircleStore;
    perks: PerksServices;
    points: PointsServices;
    messages: MessageServices;
    wecomBase: WeComBase;
    engagement: EngagementServices;
  },
): PlaybookWiring {
  const { perks } = s.perks;
  const { relations, tags, followUps } = s.wecomBase;
  return {
    audience: {
      membersOf: (circleId) => s.circleStore.circleAudience.membersOf(circleId),
      exists: (circleId) => s.circleStore.circleAudience.exists(circleId),
      circlesOf: (memberId) => s.circleStore.circleMemberships.idsOf(memberId),
    },
    tiers: {
      rankOf: async (code) =>
        (await spine.tiers.ladder()).tiers.find((t) => t.code === code)?.rank ?? null,
    },
    perks: {
      issue: async (memberId, perkCode, key, runId) => {
        await perks.issue(memberId, perkCode, {
          idempotencyKey: key,
          sourceType: 'playbook',
          sourceId: runId,
        });
      },
      exists: async (code) => (await perks.catalog.find(code))?.status === 'active',
    },
    points: {
      credit: async (memberId, points, key, runId) => {
        await s.points.points.credit({
          memberId,
          points,
          reason: 'grant',
          note: '运营剧本赠送',
          sourceType: 'playbook',
          sourceId: runId,
          idempotencyKey: key,
        });
      },
    },
    messages: {
      send: (input) => s.messages.messages.send(input),
    },
    tags: {
      edit: async (memberId, tagId, action, _key) => {
        // Corp tags live on the WeCom contact: the edit goes to each contact of the member
        // (a set, so repeating it changes nothing).
        const contacts = new Set(
          (await relations.activePairsOfMember(memberId)).map((p) => p.externalUserId),
        );
        const change =
          action === 'add' ? { add: [tagId], remove: [] } : { add: [], remove: [tagId] };
        for (const externalUserId of contacts) {
          await tags.editCustomerTags(externalUserId, memberId, change);
        }
      },
    },
    consultants: {
      consultantsOf: (memberId) => relations.consultantsOf(memberId),
      createTask: async (t) => {
        const doc = await followUps.create({
          memberId: t.memberId,
          consultantUserId: t.consultantUserId,
          kind: 'playbook',
          title: t.title,
          playbook: t.script,
          outcomes: t.outcomes,
          dueAt: t.dueAt,
          sourceKey: t.sourceKey,
        });
        return String(doc._id);
      },
    },
    orders: {
      paidSince: async (memberId, since) => {
        const recent = await spine.orders.recent(memberId, 50);
        return recent
          .filter((o) => o.paidAt.getTime() > since.getTime())
          .reduce((sum, o) => sum + o.amount, 0);
      },
    },
    members: {
      nameOf: async (memberId) => {
        const m = await spine.members.resolve(memberId);
        return m?.nickname || '您';
      },
      birthdayMonthsOf: (ids) => spine.members.query.birthdayMonthsOf(ids),
    },
    signals: {
      exitsSince: (circleId, since) => s.circleStore.circleAudience.exitsSince(circleId, since),
      noShowsSince: (since) => s.engagement.events.noShowsSince(since),
      pointsExpiring: (now, until) => s.points.points.expiringBetween(now, until),
    },
    onPaid: (name, hook) => {
      const paid = (order: OrderDoc) => ({
        memberId: order.memberId,
        paidAt: order.paidAt,
        fen: order.amount,
      });
      spine.orders.onPaid(
        name,
        Object.assign((order: OrderDoc) => hook([paid(order)]), {
          bulk: (pairs: Array<{ order: OrderDoc }>) => hook(pairs.map((p) => paid(p.order))),
        }),
      );
    },
  };
}
