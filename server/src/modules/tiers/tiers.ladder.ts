import {
  DEFAULT_GROWTH_PER_YUAN,
  DEFAULT_TIERS,
  sortLadder,
  type TierDef,
  type TierLadderBody,
  validateLadder,
} from '@circles/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { TierConfigDoc } from './tiers.model';

export interface Ladder {
  tiers: TierDef[];
  growthPerYuan: number;
  updatedAt: Date | null;
}

const ID = 'ladder';
/**
 * The ladder is read by nearly every member-facing request and changes a few times a year: other
 * instances see a save within this long (this one at once).
 */
const LADDER_TTL_MS = 5000;

const toLadder = (doc: TierConfigDoc): Ladder => ({
  tiers: sortLadder(doc.tiers),
  growthPerYuan: doc.growthPerYuan,
  updatedAt: doc.updatedAt,
});

/**
 * The stored ladder: a short-lived cache for readers, saves, and the "applied" mark the tier
 * job sets once it has re-evaluated every member with a saved ladder.
 */
export class LadderStore {
  private cached: { at: number; ladder: Promise<Ladder> } | null = null;

  constructor(
    private readonly model: Model<TierConfigDoc>,
    private readonly clock: Clock,
  ) {}

  /** The ladder as readers see it (cached briefly); a copy each caller may change. */
  async current(): Promise<Ladder> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at >= LADDER_TTL_MS) {
      const ladder = this.read();
      const entry = { at: now, ladder };
      this.cached = entry;
      ladder.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
    }
    const l = await this.cached.ladder;
    return { ...l, tiers: l.tiers.map((t) => ({ ...t })) };
  }

  /** Straight from the database (no cache). */
  async read(): Promise<Ladder> {
    const doc = await this.model.findById(ID).lean<TierConfigDoc>();
    if (!doc)
      return { tiers: [...DEFAULT_TIERS], growthPerYuan: DEFAULT_GROWTH_PER_YUAN, updatedAt: null };
    return toLadder(doc);
  }

  assertValid(body: TierLadderBody): void {
    const issues = validateLadder(sortLadder(body.tiers));
    if (issues.length > 0) {
      throw AppError.of('TIER_LADDER_INVALID', `等级设置无效：${issues[0]!.message}`, {
        fields: issues.map((i) => ({ path: `body.${i.path}`, message: i.message })),
      });
    }
  }

  async save(body: TierLadderBody): Promise<{ before: Ladder; after: Ladder }> {
    this.assertValid(body);
    const before = await this.read();
    const updatedAt = this.clock.now();
    const tiers = sortLadder(body.tiers);
    await this.model.updateOne(
      { _id: ID },
      { $set: { tiers, growthPerYuan: body.growthPerYuan, updatedAt } },
      { upsert: true },
    );
    this.cached = null;
    return { before, after: { tiers, growthPerYuan: body.growthPerYuan, updatedAt } };
  }

  /** The saved ladder while the tier job has not yet applied it to every member, else null. */
  async pending(): Promise<(Ladder & { updatedAt: Date }) | null> {
    const doc = await this.model.findById(ID).lean<TierConfigDoc>();
    if (!doc) return null;
    if (doc.appliedVersion && doc.appliedVersion.getTime() === doc.updatedAt.getTime()) return null;
    return { ...toLadder(doc), updatedAt: doc.updatedAt };
  }

  /**
   * Marks the ladder saved at `version` as applied to every member. Conditional on no newer
   * save: a ladder saved during the run stays pending for the next one.
   */
  async markApplied(version: Date): Promise<boolean> {
    const r = await this.model.updateOne(
      { _id: ID, updatedAt: version },
      { $set: { appliedVersion: version } },
    );
    return r.matchedCount === 1;
  }
}
