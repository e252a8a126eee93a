import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MergeParticipant } from '../members';
import type { MessageModels } from './messages.model';

/**
 * Per member and template: how many sends the member's accepts still allow. Every change is
 * one single-document update; taking a send is conditional on a positive count, so two
 * concurrent sends can never both use the last one.
 */
export class QuotaStore {
  constructor(private readonly m: MessageModels) {}

  async add(memberId: Types.ObjectId, templateId: string, n = 1): Promise<number> {
    const filter = { memberId, templateId };
    try {
      const doc = await this.m.Quota.findOneAndUpdate(
        filter,
        { $inc: { count: n } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return doc?.count ?? n;
    } catch (err) {
      // Two first accepts raced on the upsert: the other one created the document.
      if (!isDuplicateKey(err)) throw err;
      return this.add(memberId, templateId, n);
    }
  }

  /** Reserves one send; false when none is left (nothing changes then). */
  async take(memberId: Types.ObjectId, templateId: string): Promise<boolean> {
    const r = await this.m.Quota.updateOne(
      { memberId, templateId, count: { $gte: 1 } },
      { $inc: { count: -1 } },
    );
    return r.modifiedCount === 1;
  }

  /** Gives a reserved send back (WeChat did not deliver it). */
  async giveBack(memberId: Types.ObjectId, templateId: string): Promise<void> {
    await this.add(memberId, templateId, 1);
  }

  /** WeChat says the member has no subscription left (43101): believe it. */
  async clear(memberId: Types.ObjectId, templateId: string): Promise<void> {
    await this.m.Quota.updateOne({ memberId, templateId }, { $set: { count: 0 } });
  }

  async of(memberId: Types.ObjectId, templateId: string): Promise<number> {
    const doc = await this.m.Quota.findOne({ memberId, templateId }).lean();
    return doc?.count ?? 0;
  }

  async all(memberId: Types.ObjectId): Promise<Map<string, number>> {
    const docs = await this.m.Quota.find({ memberId }).lean();
    return new Map(docs.map((d) => [d.templateId, d.count]));
  }

  /**
   * Quotas follow a OneID merge: the survivor inherits the loser's openid and so what the
   * loser accepted. Idempotent per merge key (a retried merge adds once); an undo leaves them
   * with the survivor, since WeChat cannot tell us which sends were whose.
   */
  participant(): MergeParticipant {
    return {
      name: 'subscribe-quotas',
      merge: async (loser, survivor, key) => {
        for (const q of await this.m.Quota.find({ memberId: loser, count: { $gt: 0 } }).lean()) {
          try {
            await this.m.Quota.updateOne(
              { memberId: survivor, templateId: q.templateId, mergedKeys: { $ne: key } },
              { $inc: { count: q.count }, $push: { mergedKeys: key } },
              { upsert: true },
            );
          } catch (err) {
            // The survivor's document already names this merge: added on an earlier try.
            if (!isDuplicateKey(err)) throw err;
          }
          await this.m.Quota.updateOne({ _id: q._id }, { $set: { count: 0 } });
        }
      },
      unmerge: async () => {},
    };
  }
}
