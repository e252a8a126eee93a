import { WINDOW_DAYS } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { BulkCollection } from '../../lib/bulk';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { type GrowthEntryDoc, growthModels } from './growth.model';

export type GrowthInput = Omit<GrowthEntryDoc, '_id' | 'createdAt'>;

const DAY = 86_400_000;

export class GrowthService {
  private readonly m;
  /** Growth entries the bulk import writes. */
  readonly bulk: BulkCollection<GrowthEntryDoc>;

  constructor(core: Core) {
    this.m = growthModels(core.conn);
    this.bulk = new BulkCollection(this.m.GrowthEntry);
  }

  /** Writes one ledger entry once per idempotency key; a replay returns the first entry. */
  async record(input: GrowthInput): Promise<{ entry: GrowthEntryDoc; created: boolean }> {
    try {
      const entry = await this.m.GrowthEntry.create(input);
      return { entry: entry.toObject(), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const entry = await this.m.GrowthEntry.findOne({
        idempotencyKey: input.idempotencyKey,
      }).lean();
      if (!entry) throw err;
      return { entry, created: false };
    }
  }

  /**
   * Growth that counts in the rolling window ending at `at`: everything earned after
   * at − 365 days (a POS clock slightly ahead must not make a fresh order not count).
   */
  async windowGrowth(memberId: Types.ObjectId, at: Date): Promise<number> {
    const from = new Date(at.getTime() - WINDOW_DAYS * DAY);
    const [r] = await this.m.GrowthEntry.aggregate<{ total: number }>([
      { $match: { memberId, earnedAt: { $gt: from } } },
      { $group: { _id: null, total: { $sum: '$delta' } } },
    ]);
    return Math.max(0, r?.total ?? 0);
  }

  /** Window growth as of several dates in one aggregation (badge progress and retention). */
  async windowGrowthAt(memberId: Types.ObjectId, dates: Date[]): Promise<number[]> {
    const froms = dates.map((at) => new Date(at.getTime() - WINDOW_DAYS * DAY));
    const earliest = new Date(Math.min(...froms.map((d) => d.getTime())));
    const sums = Object.fromEntries(
      froms.map((from, i) => [
        `w${i}`,
        { $sum: { $cond: [{ $gt: ['$earnedAt', from] }, '$delta', 0] } },
      ]),
    );
    const [r] = await this.m.GrowthEntry.aggregate<Record<string, number>>([
      { $match: { memberId, earnedAt: { $gt: earliest } } },
      { $group: { _id: null, ...sums } },
    ]);
    return froms.map((_, i) => Math.max(0, r?.[`w${i}`] ?? 0));
  }

  /** Window growth of every member with any, for threshold previews. */
  async windowGrowthByMember(now: Date): Promise<Map<string, number>> {
    const from = new Date(now.getTime() - WINDOW_DAYS * DAY);
    const rows = await this.m.GrowthEntry.aggregate<{ _id: Types.ObjectId; total: number }>([
      { $match: { earnedAt: { $gt: from } } },
      { $group: { _id: '$memberId', total: { $sum: '$delta' } } },
    ]);
    return new Map(rows.map((r) => [String(r._id), r.total]));
  }

  async lifetimeGrowth(memberId: Types.ObjectId): Promise<number> {
    const [r] = await this.m.GrowthEntry.aggregate<{ total: number }>([
      { $match: { memberId } },
      { $group: { _id: null, total: { $sum: '$delta' } } },
    ]);
    return r?.total ?? 0;
  }

  async history(memberId: Types.ObjectId, limit = 50): Promise<GrowthEntryDoc[]> {
    return this.m.GrowthEntry.find({ memberId }).sort({ _id: -1 }).limit(limit).lean();
  }

  /**
   * Moves growth between members with a reversing entry on one side and a copy (same
   * earnedAt) on the other, so the window and the ledger sums stay exact.
   */
  async transfer(
    from: Types.ObjectId,
    to: Types.ObjectId,
    keyPrefix: string,
    /** Undo: move back only what an earlier transfer (this source id) brought in. */
    onlyFromTransfer?: string,
  ): Promise<number> {
    const match = onlyFromTransfer
      ? { memberId: from, sourceType: 'merge', sourceId: onlyFromTransfer, reason: 'merge_in' }
      : { memberId: from };
    const byEarned = await this.m.GrowthEntry.aggregate<{ _id: Date; total: number }>([
      { $match: match },
      { $group: { _id: '$earnedAt', total: { $sum: '$delta' } } },
      { $sort: { _id: 1 } },
    ]);
    let moved = 0;
    for (const g of byEarned) {
      if (g.total === 0) continue;
      const at = g._id;
      const tag = `${keyPrefix}:${at.getTime()}`;
      const base = { sourceType: 'merge', sourceId: keyPrefix, earnedAt: at };
      await this.record({
        ...base,
        memberId: from,
        delta: -g.total,
        reason: 'merge_out',
        idempotencyKey: `${tag}:out`,
      });
      await this.record({
        ...base,
        memberId: to,
        delta: g.total,
        reason: 'merge_in',
        idempotencyKey: `${tag}:in`,
      });
      moved += g.total;
    }
    return moved;
  }
}
