import type { PointsReason } from '@circles/shared';
import type { Types } from 'mongoose';
import type { GrowthService } from '../growth';
import type { PerksPort, PointsPort, Reward } from './ports';

type GrowthReasonHere = 'task' | 'event';

/**
 * Pays rewards through the ledgers' idempotency keys, so paying again after a crash or a retried
 * request never pays twice.
 */
export class RewardPayer {
  constructor(
    private readonly growth: GrowthService,
    readonly points: PointsPort,
    readonly perks: PerksPort,
    /** Growth can lift the tier: re-evaluated right away rather than at the nightly job. */
    private readonly afterGrowth: (memberId: Types.ObjectId) => Promise<unknown>,
  ) {}

  async pay(
    memberId: Types.ObjectId,
    reward: Reward,
    src: {
      pointsReason: PointsReason;
      growthReason: GrowthReasonHere;
      sourceType: string;
      sourceId: string;
      key: string;
      note?: string;
      at: Date;
    },
  ): Promise<void> {
    if (reward.points > 0) {
      await this.points.credit({
        memberId,
        points: reward.points,
        reason: src.pointsReason,
        note: src.note,
        sourceType: src.sourceType,
        sourceId: src.sourceId,
        idempotencyKey: `${src.key}:points`,
      });
    }
    if (reward.growth > 0) {
      await this.growth.record({
        memberId,
        delta: reward.growth,
        reason: src.growthReason,
        sourceType: src.sourceType,
        sourceId: src.sourceId,
        earnedAt: src.at,
        idempotencyKey: `${src.key}:growth`,
      });
      await this.afterGrowth(memberId);
    }
    if (reward.perkCode) {
      await this.perks.issue(memberId, reward.perkCode, {
        idempotencyKey: `${src.key}:perk`,
        sourceType: src.sourceType,
        sourceId: src.sourceId,
      });
    }
  }
}
