import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { OutboxSource } from '../../platform/events';
import type { MemberDoc } from './member.model';
import { type MergeDoc, mergeModels } from './merge.model';
import type { MembersService } from './members.service';

/**
 * Anything a member owns that must follow a merge (orders, growth, points, wallet...). Both
 * steps must be idempotent: they run again when a merge is retried after a crash.
 */
export interface MergeParticipant {
  name: string;
  merge(loser: Types.ObjectId, survivor: Types.ObjectId, mergeKey: string): Promise<void>;
  unmerge(loser: Types.ObjectId, survivor: Types.ObjectId, mergeKey: string): Promise<void>;
}

export class MergeService {
  readonly m;
  private readonly participants: MergeParticipant[] = [];
  /** Where member.merged events wait until relayed. */
  readonly outbox: OutboxSource;
  /** Called with the survivor after a merge or undo (tier re-evaluation). */
  afterChange: (memberId: Types.ObjectId) => Promise<void> = async () => {};

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
  ) {
    this.m = mergeModels(core.conn);
    this.outbox = { name: 'member_merges', model: this.m.Merge as never };
    members.events.source(this.outbox);
  }

  register(p: MergeParticipant): void {
    this.participants.push(p);
  }

  /** The older member survives (it keeps its member number, printed on cards and receipts). */
  pickSurvivor(a: MemberDoc, b: MemberDoc): [survivor: MemberDoc, loser: MemberDoc] {
    return a.createdAt <= b.createdAt ? [a, b] : [b, a];
  }

  /** Merges two members; retry-safe step by step (intent, identities, participants, done). */
  async merge(a: MemberDoc, b: MemberDoc, reason: string, by: string): Promise<MemberDoc> {
    const [survivor, loser] = this.pickSurvivor(a, b);
    let rec: MergeDoc | null;
    try {
      const identities = await this.members.identitiesOf(loser._id);
      rec = (
        await this.m.Merge.create({
          survivorId: survivor._id,
          loserId: loser._id,
          reason,
          identities,
          by,
          at: this.core.clock.now(),
        })
      ).toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      rec = await this.m.Merge.findOne({ loserId: loser._id, active: true }).lean();
      if (!rec) throw err;
    }
    if (rec.status === 'applied') return this.members.require(rec.survivorId);
    await this.apply(rec, loser);
    return this.members.require(rec.survivorId);
  }

  private async apply(rec: MergeDoc, loser: MemberDoc): Promise<void> {
    const { Identity, Member } = this.members.m;
    const key = `merge:${rec._id}`;
    await Identity.updateMany({ memberId: rec.loserId }, { $set: { memberId: rec.survivorId } });
    for (const p of this.participants) await p.merge(rec.loserId, rec.survivorId, key);
    let phoneCopied = rec.phoneCopied;
    if (loser.phoneHash && !phoneCopied) {
      const r = await Member.updateOne(
        { _id: rec.survivorId, phoneHash: null },
        { $set: { phoneHash: loser.phoneHash, phoneEnc: loser.phoneEnc } },
      );
      phoneCopied = r.modifiedCount === 1;
    }
    await Member.updateOne(
      { _id: rec.loserId },
      { $set: { status: 'merged', mergedInto: rec.survivorId } },
    );
    const merged = this.members.events.entry('member.merged', `member.merged:${rec._id}`, {
      mergeId: String(rec._id),
      survivorId: String(rec.survivorId),
      loserId: String(rec.loserId),
    });
    const applied = await this.m.Merge.findOneAndUpdate(
      { _id: rec._id },
      { $set: { status: 'applied', phoneCopied }, $push: { outbox: merged } },
      { returnDocument: 'after' },
    ).lean();
    this.core.logger.info({ mergeId: String(rec._id) }, 'members merged');
    if (applied) await this.members.events.relay(this.outbox, applied);
    await this.afterChange(rec.survivorId);
  }

  /** Undoes an applied merge: identities, owned records and the loser's status go back. */
  async reverse(mergeId: string, reason: string, by: string): Promise<void> {
    const rec = await this.m.Merge.findById(mergeId).lean();
    if (!rec) throw AppError.of('NOT_FOUND', '合并记录不存在');
    if (rec.status === 'reversed') return;
    if (rec.status !== 'applied') throw AppError.of('ORDER_CONFLICT', '合并尚未完成，无法撤销');
    const { Identity, Member } = this.members.m;
    const key = `merge:${rec._id}`;
    for (const id of rec.identities) {
      await Identity.updateOne(
        { kind: id.kind, value: id.value },
        { $set: { memberId: rec.loserId } },
      );
    }
    for (const p of [...this.participants].reverse())
      await p.unmerge(rec.loserId, rec.survivorId, key);
    if (rec.phoneCopied) {
      await Member.updateOne(
        { _id: rec.survivorId },
        { $set: { phoneHash: null, phoneEnc: null } },
      );
    }
    await Member.updateOne({ _id: rec.loserId }, { $set: { status: 'active', mergedInto: null } });
    await this.m.Merge.updateOne(
      { _id: rec._id, status: 'applied' },
      {
        $set: {
          status: 'reversed',
          active: false,
          reversedAt: this.core.clock.now(),
          reverseReason: `${reason} (${by})`,
        },
      },
    );
    await this.afterChange(rec.survivorId);
    await this.afterChange(rec.loserId);
  }

  async forMember(memberId: Types.ObjectId): Promise<MergeDoc[]> {
    return this.m.Merge.find({ $or: [{ survivorId: memberId }, { loserId: memberId }] })
      .sort({ at: -1 })
      .lean();
  }
}
