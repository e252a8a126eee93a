import { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import type { DomainEvents, OutboxEntry, OutboxSource } from '../../platform/events';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { type IdentityKind, type MemberDoc, memberModels } from './member.model';
import { MemberBulk } from './members.bulk';
import { MemberQueries } from './members.queries';

export interface IdentityRef {
  kind: IdentityKind;
  value: string;
}

export interface NewMemberInfo {
  source: string;
  nickname?: string;
  firstScene?: string | null;
  tierCode: string;
}

const MAX_MERGE_HOPS = 8;

/** Member numbers: `M` + 8 digits from one shared counter (the import reserves blocks of it). */
export const formatMemberNo = (seq: number) => `M${String(10_000_000 + seq)}`;

export class MembersService {
  readonly m;
  /** Scans, counts and searches for other modules and jobs. */
  readonly query: MemberQueries;
  /** For the bulk import and the demo seed only. */
  readonly bulk: MemberBulk;

  /** Where tier.changed events wait until relayed. */
  readonly outbox: OutboxSource;

  constructor(
    private readonly core: Core,
    readonly events: DomainEvents,
  ) {
    this.m = memberModels(core.conn);
    this.outbox = { name: 'members', model: this.m.Member as never };
    events.source(this.outbox);
    this.query = new MemberQueries(this.m);
    this.bulk = new MemberBulk(this.m);
  }

  private async nextMemberNo(): Promise<string> {
    const c = await this.m.Counter.findOneAndUpdate(
      { _id: 'memberNo' },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return formatMemberNo(c?.seq ?? 1);
  }

  /** The active member at the end of any merge chain. */
  async resolve(id: Types.ObjectId | string): Promise<MemberDoc | null> {
    let member = await this.m.Member.findById(id).lean();
    for (
      let hop = 0;
      member?.status === 'merged' && member.mergedInto && hop < MAX_MERGE_HOPS;
      hop++
    ) {
      member = await this.m.Member.findById(member.mergedInto).lean();
    }
    return member;
  }

  async require(id: Types.ObjectId | string): Promise<MemberDoc> {
    const m = await this.resolve(id);
    if (!m) throw AppError.of('MEMBER_NOT_FOUND', '会员不存在');
    return m;
  }

  async byMemberNo(memberNo: string): Promise<MemberDoc | null> {
    const m = await this.m.Member.findOne({ memberNo }).lean();
    return m ? this.resolve(m._id) : null;
  }

  async findByIdentity(ref: IdentityRef): Promise<MemberDoc | null> {
    const id = await this.m.Identity.findOne({ kind: ref.kind, value: ref.value }).lean();
    return id ? this.resolve(id.memberId) : null;
  }

  async identitiesOf(memberId: Types.ObjectId): Promise<IdentityRef[]> {
    const rows = await this.m.Identity.find({ memberId }).sort({ _id: 1 }).lean();
    return rows.map((r) => ({ kind: r.kind, value: r.value }));
  }

  /**
   * Finds the member owning the first identity, or creates one. The identity row is written
   * before the member document under a unique index, so concurrent first logins of the same
   * person converge on one member; a crash in between heals on the next lookup.
   */
  async findOrCreate(
    ref: IdentityRef,
    info: NewMemberInfo,
  ): Promise<{ member: MemberDoc; created: boolean }> {
    const existing = await this.m.Identity.findOne({ kind: ref.kind, value: ref.value }).lean();
    if (existing) {
      const member = await this.resolve(existing.memberId);
      if (member) return { member, created: false };
      return { member: await this.createDoc(existing.memberId, info), created: true };
    }
    const memberId = new Types.ObjectId();
    try {
      await this.m.Identity.create({ kind: ref.kind, value: ref.value, memberId });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return this.findOrCreate(ref, info);
    }
    return { member: await this.createDoc(memberId, info), created: true };
  }

  private async createDoc(_id: Types.ObjectId, info: NewMemberInfo): Promise<MemberDoc> {
    const now = this.core.clock.now();
    const doc = {
      _id,
      memberNo: await this.nextMemberNo(),
      nickname: info.nickname ?? '',
      source: info.source,
      firstScene: info.firstScene ?? null,
      tierCode: info.tierCode,
      tierSince: now,
    };
    try {
      await this.m.Member.create(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return this.require(_id);
  }

  /** Links an identity that nobody owns yet; returns the current owner when someone does. */
  async attachIdentity(memberId: Types.ObjectId, ref: IdentityRef): Promise<MemberDoc | null> {
    try {
      await this.m.Identity.create({ ...ref, memberId });
      return null;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return this.findByIdentity(ref);
    }
  }

  async setPhone(memberId: Types.ObjectId, phone: string): Promise<void> {
    await this.m.Member.updateOne(
      { _id: memberId },
      {
        $set: {
          phoneHash: this.core.phoneCrypto.lookupHash(phone),
          phoneEnc: this.core.phoneCrypto.encrypt(phone),
        },
      },
    );
  }

  async updateProfile(
    memberId: Types.ObjectId,
    patch: { nickname?: string; avatarUrl?: string; birthday?: string },
  ) {
    await this.m.Member.updateOne({ _id: memberId }, { $set: patch });
    return this.require(memberId);
  }

  /**
   * Conditional on the tier version the caller evaluated, so concurrent evaluations can't clash.
   * A tier change carries its tier.changed event, written in the same update and relayed after.
   */
  async applyTier(
    memberId: Types.ObjectId,
    expectedVersion: number,
    set: Partial<
      Pick<MemberDoc, 'tierCode' | 'tierSince' | 'tierValidUntil' | 'tierOverride' | 'tierDueAt'>
    >,
    bumpVersion: boolean,
    event?: OutboxEntry,
  ): Promise<MemberDoc | null> {
    const updated = await this.m.Member.findOneAndUpdate(
      { _id: memberId, tierVersion: expectedVersion, status: 'active' },
      {
        $set: set,
        ...(bumpVersion ? { $inc: { tierVersion: 1 } } : {}),
        ...(event ? { $push: { outbox: event } } : {}),
      },
      { returnDocument: 'after' },
    ).lean();
    if (updated && event) await this.events.relay(this.outbox, updated);
    return updated;
  }

  async addSpend(memberId: Types.ObjectId, amount: number, orders: number): Promise<void> {
    await this.m.Member.updateOne(
      { _id: memberId },
      { $inc: { totalSpend: amount, orderCount: orders } },
    );
  }

  phoneOf(m: MemberDoc): string | null {
    return m.phoneEnc ? this.core.phoneCrypto.decrypt(m.phoneEnc) : null;
  }
}
