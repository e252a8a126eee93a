import { Types } from 'mongoose';
import type { MergeParticipant } from '../members';
import type { SpineServices } from '../spine';
import type { TagsService } from '../tags';
import type { DurableQueue } from '../../platform/queue';
import type { RelationsService } from './relations.service';

export const TIER_REFRESH_KIND = 'tags.tier';

/**
 * Keeps the member-scoped WeCom data in step with the spine: the tier tag follows tier changes
 * after orders and refunds, and relations, contacts, notes, follow-ups and customer tags move
 * with OneID merges (and back when a merge is undone).
 */
export function wireMemberSync(
  spine: SpineServices,
  queue: DurableQueue,
  relations: RelationsService,
  tags: TagsService,
): void {
  const refresh = async (memberId: Types.ObjectId) => {
    // Only customers someone follows in WeCom carry tags there; the rest get theirs on add.
    if ((await relations.activePairsOfMember(memberId)).length === 0) return;
    await queue.rearm(TIER_REFRESH_KIND, `tags.tier:${memberId}`, { memberId: String(memberId) });
  };
  // The hooks run before the order's own tier evaluation, so the queued run evaluates again
  // (conditional on the tier version: harmless) and tags whatever tier that settles on.
  queue.handle(TIER_REFRESH_KIND, async (p) => {
    const member = await spine.tiers.evaluate(new Types.ObjectId(String(p.memberId)));
    const ladder = await spine.tiers.ladder();
    const tier = ladder.tiers.find((t) => t.code === member.tierCode);
    await tags.setSystemTag(member._id, 'tier', tier?.name ?? member.tierCode);
  });
  spine.orders.onPaid('wecom.tier-tag', async (_order, member) => refresh(member._id));
  spine.orders.onRefunded('wecom.tier-tag', async (order) => refresh(order.memberId));
  // Tier changes without an order (the nightly downgrade, a manual override) move the tag too.
  spine.members.events.subscribe('tier.changed', 'wecom.tier-tag', async (p) =>
    refresh(new Types.ObjectId(String(p.memberId))),
  );

  type Update = Record<string, unknown>;
  // One closure per collection: a union of model types has no callable updateMany.
  const movers: ((filter: Update, update: Update) => Promise<unknown>)[] = [
    (f, u) => relations.m.Relation.updateMany(f, u),
    (f, u) => relations.m.Note.updateMany(f, u),
    (f, u) => relations.m.FollowUp.updateMany(f, u),
    (f, u) => relations.Contact.updateMany(f, u),
  ];
  const participant: MergeParticipant = {
    name: 'wecom',
    async merge(loser, survivor, key) {
      for (const move of movers) {
        await move(
          { memberId: loser },
          { $set: { memberId: survivor }, $push: { movedBy: { key, from: loser } } },
        );
      }
      await tags.moveMember(loser, survivor, key);
      await refresh(survivor);
    },
    async unmerge(loser, survivor, key) {
      for (const move of movers) {
        await move(
          { 'movedBy.key': key },
          { $set: { memberId: loser }, $pull: { movedBy: { key } } },
        );
      }
      await tags.undoMove(key, loser);
      await refresh(loser);
      await refresh(survivor);
    },
  };
  spine.merges.register(participant);
}
