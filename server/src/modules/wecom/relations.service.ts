import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { ExternalContact, ExternalContactDetail } from '../../integrations/wecom/wecom-client';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { ConsultantModels, RelationDoc } from './consultants.model';
import type { TagRelationsPort } from '../tags';
import { contactModel } from './contact.model';

const ENDED_EVENT = {
  consultant: 'deleted_by_consultant',
  customer: 'deleted_by_customer',
  transfer: 'transferred',
  sync: 'ended_upstream',
} as const;

/** Consultant ↔ customer relations and the WeCom snapshot of each customer. */
export class RelationsService implements TagRelationsPort {
  readonly Contact;

  constructor(
    private readonly core: Core,
    readonly m: ConsultantModels,
  ) {
    this.Contact = contactModel(core.conn);
  }

  /** Records (or revives) the relation; ended ones keep their history. */
  async added(input: {
    consultantUserId: string;
    externalUserId: string;
    channel: string | null;
    at: Date;
    /** `backfilled` when the sync or the sidebar found it upstream without a callback. */
    via?: 'added' | 'backfilled';
  }): Promise<RelationDoc> {
    const { consultantUserId, externalUserId } = input;
    const existing = await this.m.Relation.findOne({ consultantUserId, externalUserId }).lean();
    if (existing?.state === 'active') return existing;
    try {
      const doc = await this.m.Relation.findOneAndUpdate(
        { consultantUserId, externalUserId, state: { $ne: 'active' } },
        {
          $set: {
            state: 'active',
            addedAt: input.at,
            endedAt: null,
            endedBy: null,
            channel: input.channel,
          },
          $push: { history: { type: input.via ?? 'added', at: input.at } },
          $setOnInsert: { memberId: null, welcomeCode: null, welcomeSentAt: null },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return doc!;
    } catch (err) {
      // The welcome lane and the event lane record the same add at once: one upsert wins.
      if (!isDuplicateKey(err)) throw err;
      const now = await this.m.Relation.findOne({ consultantUserId, externalUserId }).lean();
      if (!now) throw err;
      return now;
    }
  }

  /** transfer_fail (客户接替失败): the customer stays where they were; noted on their relations. */
  async transferFailed(externalUserId: string, reason: string, at: Date): Promise<void> {
    await this.m.Relation.updateMany(
      { externalUserId, state: 'active', history: { $not: { $elemMatch: { at, reason } } } },
      { $push: { history: { type: 'transfer_failed', at, reason } } },
    );
  }

  async ended(input: {
    consultantUserId: string;
    externalUserId: string;
    by: 'consultant' | 'customer' | 'transfer' | 'sync';
    at: Date;
  }): Promise<RelationDoc | null> {
    return this.m.Relation.findOneAndUpdate(
      {
        consultantUserId: input.consultantUserId,
        externalUserId: input.externalUserId,
        state: 'active',
      },
      {
        $set: { state: 'ended', endedAt: input.at, endedBy: input.by },
        $push: { history: { type: ENDED_EVENT[input.by], at: input.at } },
      },
      { returnDocument: 'after' },
    ).lean();
  }

  /** Claims the welcome code: true only for the first caller (send_welcome_msg works once). */
  async claimWelcome(
    consultantUserId: string,
    externalUserId: string,
    code: string,
  ): Promise<boolean> {
    const r = await this.m.Relation.updateOne(
      { consultantUserId, externalUserId, welcomeCode: { $ne: code } },
      { $set: { welcomeCode: code } },
    );
    return r.modifiedCount === 1;
  }

  async welcomeSent(consultantUserId: string, externalUserId: string): Promise<void> {
    await this.m.Relation.updateOne(
      { consultantUserId, externalUserId },
      { $set: { welcomeSentAt: this.core.clock.now() } },
    );
  }

  async linkMember(externalUserId: string, memberId: Types.ObjectId): Promise<void> {
    await this.m.Relation.updateMany({ externalUserId }, { $set: { memberId } });
    await this.Contact.updateOne({ externalUserId }, { $set: { memberId } });
  }

  /** Keeps what WeCom said about the customer, so the sidebar needn't ask on every open. */
  async saveContact(detail: ExternalContactDetail): Promise<void> {
    const c = detail.contact;
    await this.Contact.updateOne(
      { externalUserId: c.externalUserId },
      {
        $set: {
          name: c.name,
          avatar: c.avatar || null,
          type: c.type,
          corpName: c.corpName ?? null,
          unionid: c.unionid ?? null,
          remarks: detail.followUsers.map((f) => ({ userid: f.userid, remark: f.remark })),
          syncedAt: this.core.clock.now(),
        },
        $setOnInsert: { memberId: null },
      },
      { upsert: true },
    );
  }

  /** What a sync page says about a customer, keeping other consultants' remarks. */
  async saveSeenContact(c: ExternalContact, userid: string, remark: string): Promise<void> {
    const filter = { externalUserId: c.externalUserId };
    await this.Contact.updateOne(
      filter,
      {
        $set: {
          name: c.name,
          avatar: c.avatar || null,
          type: c.type,
          corpName: c.corpName ?? null,
          unionid: c.unionid ?? null,
          syncedAt: this.core.clock.now(),
        },
        $setOnInsert: { memberId: null, remarks: [] },
      },
      { upsert: true },
    );
    await this.Contact.updateOne(filter, { $pull: { remarks: { userid } } });
    await this.Contact.updateOne(filter, { $push: { remarks: { userid, remark } } });
  }

  async contact(externalUserId: string) {
    return this.Contact.findOne({ externalUserId }).lean();
  }

  async relation(consultantUserId: string, externalUserId: string) {
    return this.m.Relation.findOne({ consultantUserId, externalUserId }).lean();
  }

  /** The active relation, or 403: consultants see only customers who follow them. */
  async requireFollowing(consultantUserId: string, externalUserId: string): Promise<RelationDoc> {
    const r = await this.m.Relation.findOne({
      consultantUserId,
      externalUserId,
      state: 'active',
    }).lean();
    if (!r) throw AppError.of('FORBIDDEN', '该客户不是你的客户');
    return r;
  }

  /** WeCom userids of the consultants the member is an active customer of. */
  async consultantsOf(memberId: Types.ObjectId): Promise<string[]> {
    const rows = await this.m.Relation.find(
      { memberId, state: 'active' },
      { consultantUserId: 1 },
    ).lean();
    return [...new Set(rows.map((r) => r.consultantUserId))];
  }

  async activePairsOfMember(memberId: Types.ObjectId) {
    const rows = await this.m.Relation.find(
      { memberId, state: 'active' },
      { consultantUserId: 1, externalUserId: 1 },
    ).lean();
    return rows.map((r) => ({
      consultantUserId: r.consultantUserId,
      externalUserId: r.externalUserId,
    }));
  }

  async activeFollowersOf(externalUserId: string): Promise<string[]> {
    const rows = await this.m.Relation.find(
      { externalUserId, state: 'active' },
      { consultantUserId: 1 },
    ).lean();
    return rows.map((r) => r.consultantUserId);
  }

  async memberOf(externalUserId: string): Promise<Types.ObjectId | null> {
    const c = await this.Contact.findOne({ externalUserId }, { memberId: 1 }).lean();
    return c?.memberId ?? null;
  }

  /** Every active (member, consultant) pair of linked customers, streamed. */
  async *streamActivePairs() {
    const cursor = this.m.Relation.find(
      { state: 'active', memberId: { $ne: null } },
      { memberId: 1, consultantUserId: 1 },
    )
      .lean()
      .cursor({ batchSize: 10_000 });
    for await (const r of cursor) {
      if (r.memberId) yield { memberId: r.memberId, consultantUserId: r.consultantUserId };
    }
  }
}
