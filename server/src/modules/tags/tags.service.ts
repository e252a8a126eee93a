import { Types } from 'mongoose';
import type { Core } from '../../core';
import type { ExternalContactDetail, WeComClient } from '../../integrations/wecom/wecom-client';
import { AppError } from '../../lib/errors';
import type { DurableQueue } from '../../platform/queue';
import { CorpTagLibrary, type LibraryGroup, systemGroupOf } from './tags.library';
import { type SystemGroup, tagModels } from './tags.model';

/** Which consultants follow a customer (the wecom module's relations answer this). */
export interface TagRelationsPort {
  activePairsOfMember(
    memberId: Types.ObjectId,
  ): Promise<{ consultantUserId: string; externalUserId: string }[]>;
  activeFollowersOf(externalUserId: string): Promise<string[]>;
  memberOf(externalUserId: string): Promise<Types.ObjectId | null>;
}

export interface MemberTagView {
  tagId: string;
  name: string;
  groupName: string;
  source: 'wecom' | 'system';
  group: SystemGroup | null;
}

export const TAG_KINDS = { push: 'tags.push', system: 'tags.system' } as const;

/**
 * Customer tags kept in step both ways: WeCom edits are pulled in (`pullFromWeCom`), Circles
 * edits and system tags (tier, segment) are pushed with mark_tag through the durable queue —
 * each push recomputes the difference against WeCom, so retries and replays are harmless.
 */
export class TagsService {
  readonly m;
  readonly library: CorpTagLibrary;

  constructor(
    private readonly core: Core,
    private readonly queue: DurableQueue,
    private readonly client: WeComClient | null,
    private readonly relations: TagRelationsPort,
  ) {
    this.m = tagModels(core.conn);
    this.library = new CorpTagLibrary(core, this.m, client);
    queue.handle(TAG_KINDS.push, (p) => this.push(String(p.userid), String(p.externalUserId)), {
      concurrency: 2,
    });
    queue.handle(TAG_KINDS.system, (p) =>
      this.applySystemTag(
        new Types.ObjectId(String(p.memberId)),
        p.group as SystemGroup,
        String(p.value),
      ),
    );
  }

  /** OneID merge: the loser's WeCom tags follow it to the survivor (`undoMove` reverses it). */
  async moveMember(loser: Types.ObjectId, survivor: Types.ObjectId, key: string): Promise<void> {
    await this.m.CustomerTag.updateMany(
      { memberId: loser, source: 'wecom' },
      { $set: { memberId: survivor }, $push: { movedBy: { key, from: loser } } },
    );
  }

  async undoMove(key: string, loser: Types.ObjectId): Promise<void> {
    await this.m.CustomerTag.updateMany(
      { 'movedBy.key': key },
      { $set: { memberId: loser }, $pull: { movedBy: { key } } },
    );
  }

  /** Queues the member's tag for a system group (tier or segment); replaces the previous one. */
  async setSystemTag(memberId: Types.ObjectId, group: SystemGroup, value: string): Promise<void> {
    await this.queue.rearm(TAG_KINDS.system, `tags.system:${memberId}:${group}`, {
      memberId: String(memberId),
      group,
      value,
    });
  }

  async tagsOf(memberId: Types.ObjectId): Promise<MemberTagView[]> {
    const rows = await this.m.CustomerTag.find({ memberId }).lean();
    const known = await this.library.known([...new Set(rows.map((r) => r.tagId))]);
    const seen = new Set<string>();
    const out: MemberTagView[] = [];
    for (const r of rows) {
      const t = known.get(r.tagId);
      if (!t || seen.has(r.tagId)) continue;
      seen.add(r.tagId);
      out.push({
        tagId: r.tagId,
        name: t.name,
        groupName: t.groupName,
        source: r.source,
        group: r.group,
      });
    }
    return out;
  }

  /** Members carrying a tag, each once (rows come sorted by member from the index). */
  async *memberIdsWithTag(tagId: string): AsyncIterable<Types.ObjectId> {
    let last = '';
    const cursor = this.m.CustomerTag.find({ tagId, memberId: { $ne: null } }, { memberId: 1 })
      .sort({ memberId: 1 })
      .lean()
      .cursor();
    for await (const row of cursor) {
      const id = row.memberId as Types.ObjectId;
      if (String(id) === last) continue;
      last = String(id);
      yield id;
    }
  }

  /** Tag ids the customer should carry in WeCom: their own tags plus the member's system tags. */
  async customerTagIds(
    externalUserId: string,
    memberId: Types.ObjectId | null,
  ): Promise<Set<string>> {
    return new Set((await this.customerTags(externalUserId, memberId)).keys());
  }

  /** The same, with where each tag comes from (tag id → source). */
  async customerTags(
    externalUserId: string,
    memberId: Types.ObjectId | null,
  ): Promise<Map<string, 'wecom' | 'system'>> {
    const or: Record<string, unknown>[] = [{ externalUserId, source: 'wecom' }];
    if (memberId) or.push({ memberId, source: 'system' });
    const rows = await this.m.CustomerTag.find({ $or: or }, { tagId: 1, source: 1 }).lean();
    return new Map(rows.map((r) => [r.tagId, r.source]));
  }

  async groups(): Promise<LibraryGroup[]> {
    return this.library.groups();
  }

  /** A consultant's edit from the sidebar: applied here at once, pushed to WeCom queued. */
  async editCustomerTags(
    externalUserId: string,
    memberId: Types.ObjectId | null,
    change: { add: string[]; remove: string[] },
  ): Promise<void> {
    const ids = [...change.add, ...change.remove];
    const known = await this.library.known(ids);
    const bad = ids.filter((id) => !known.has(id) || systemGroupOf(known.get(id)!.groupName));
    if (bad.length > 0) {
      throw AppError.of('VALIDATION_FAILED', '标签不存在或为系统标签，不能编辑', {
        fields: bad.map((id) => ({ path: 'tagId', message: id })),
      });
    }
    const now = this.core.clock.now();
    if (change.add.length > 0) {
      await this.m.CustomerTag.bulkWrite(
        change.add.map((tagId) => ({
          updateOne: {
            filter: { key: `c:${externalUserId}:${tagId}` },
            update: {
              $set: { memberId, updatedAt: now },
              $setOnInsert: { externalUserId, tagId, source: 'wecom', group: null, value: null },
            },
            upsert: true,
          },
        })),
      );
    }
    if (change.remove.length > 0) {
      await this.m.CustomerTag.deleteMany({
        key: { $in: change.remove.map((tagId) => `c:${externalUserId}:${tagId}`) },
      });
    }
    await this.pushCustomer(externalUserId);
  }

  /**
   * WeCom's view of the customer's corp tags (any follower's) replaces theirs here; system
   * groups are Circles' own and are not taken from WeCom.
   */
  async pullFromWeCom(
    detail: ExternalContactDetail,
    memberId: Types.ObjectId | null,
  ): Promise<void> {
    const ext = detail.contact.externalUserId;
    const ids = new Set(
      detail.followUsers.flatMap((f) =>
        f.tags.filter((t) => t.type === 1 && t.tagId).map((t) => t.tagId!),
      ),
    );
    let known = await this.library.known([...ids]);
    if (known.size < ids.size) {
      await this.library.syncAll();
      known = await this.library.known([...ids]);
    }
    const keep = [...ids].filter((id) => known.has(id) && !systemGroupOf(known.get(id)!.groupName));
    const now = this.core.clock.now();
    await this.m.CustomerTag.deleteMany({
      externalUserId: ext,
      source: 'wecom',
      tagId: { $nin: keep },
    });
    if (keep.length === 0) return;
    await this.m.CustomerTag.bulkWrite(
      keep.map((tagId) => ({
        updateOne: {
          filter: { key: `c:${ext}:${tagId}` },
          update: {
            $set: { memberId, updatedAt: now },
            $setOnInsert: { externalUserId: ext, tagId, source: 'wecom', group: null, value: null },
          },
          upsert: true,
        },
      })),
    );
  }

  /** The customer is now known to be this member: their tags count for the member. */
  async linkMember(externalUserId: string, memberId: Types.ObjectId): Promise<void> {
    await this.m.CustomerTag.updateMany(
      { externalUserId, source: 'wecom' },
      { $set: { memberId } },
    );
  }

  /** Queues a mark_tag sync for every consultant who follows the customer. */
  async pushCustomer(externalUserId: string): Promise<void> {
    if (!this.client) return;
    for (const userid of await this.relations.activeFollowersOf(externalUserId)) {
      await this.requestPush(userid, externalUserId);
    }
  }

  async requestPush(userid: string, externalUserId: string): Promise<void> {
    if (!this.client) return;
    await this.queue.rearm(TAG_KINDS.push, `tags.push:${userid}:${externalUserId}`, {
      userid,
      externalUserId,
    });
  }

  private async applySystemTag(memberId: Types.ObjectId, group: SystemGroup, value: string) {
    const tagId = await this.library.ensureSystemTag(group, value);
    if (!tagId) return; // WeCom is off: nothing to mirror the value onto
    await this.m.CustomerTag.updateOne(
      { key: `s:${memberId}:${group}` },
      {
        $set: { tagId, value, memberId, updatedAt: this.core.clock.now() },
        $setOnInsert: { externalUserId: null, source: 'system', group },
      },
      { upsert: true },
    );
    for (const p of await this.relations.activePairsOfMember(memberId)) {
      await this.requestPush(p.consultantUserId, p.externalUserId);
    }
  }

  /** mark_tag with the difference between what Circles wants and what WeCom has. */
  private async push(userid: string, externalUserId: string): Promise<void> {
    if (!this.client) return;
    const detail = await this.client.getExternalContact(externalUserId);
    const follow = detail.followUsers.find((f) => f.userid === userid);
    if (!follow) return; // no longer following: nothing to tag
    const memberId = await this.relations.memberOf(externalUserId);
    const want = await this.customerTagIds(externalUserId, memberId);
    const have = new Set(follow.tags.filter((t) => t.type === 1 && t.tagId).map((t) => t.tagId!));
    const add = [...want].filter((id) => !have.has(id));
    const remove = [...have].filter((id) => !want.has(id));
    if (add.length === 0 && remove.length === 0) return;
    await this.client.markTag({ userid, externalUserId, addTag: add, removeTag: remove });
  }

  /** Every (member, tag) pair, system and WeCom tags alike, streamed. */
  async *streamMemberTags() {
    const cursor = this.m.CustomerTag.find({ memberId: { $ne: null } }, { memberId: 1, tagId: 1 })
      .lean()
      .cursor({ batchSize: 10_000 });
    for await (const t of cursor) if (t.memberId) yield { memberId: t.memberId, tagId: t.tagId };
  }

  /** Tags as picker options, labelled "group / name". */
  async tagOptions(): Promise<Array<{ value: string; label: string }>> {
    return (await this.groups()).flatMap((g) =>
      g.tags.map((t) => ({ value: t.tagId, label: `${g.groupName} / ${t.name}` })),
    );
  }
}
