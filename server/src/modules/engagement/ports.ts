import type { PointsReason, taskReward } from '@circles/shared';
import type { z } from 'zod';

type TaskReward = z.infer<typeof taskReward>;
import type { Types } from 'mongoose';

/**
 * The slice of PointsService (helper "points") that engagement rewards need; the lead wires the
 * real service. Replaying an idempotencyKey must return the first entry (no double reward).
 */
export interface PointsPort {
  credit(input: {
    memberId: Types.ObjectId;
    points: number;
    reason: PointsReason;
    note?: string;
    sourceType: string;
    sourceId: string;
    idempotencyKey: string;
  }): Promise<unknown>;
}

/** PerksService.issue (helper "wallet-perks"), for task rewards that grant a perk. */
export interface PerksPort {
  issue(
    memberId: Types.ObjectId,
    perkCode: string,
    opts: { idempotencyKey: string; sourceType: string; sourceId: string },
  ): Promise<unknown>;
}

/** Consultant relations (helper "wecom"): used to credit the inviter's consultant. */
export interface RelationsPort {
  consultantsOf(memberId: Types.ObjectId): Promise<string[]>;
}

/** A reward the engagement modules hand out: points, growth and/or a perk, each idempotent. */
export type Reward = Pick<TaskReward, 'points' | 'growth'> & Partial<Pick<TaskReward, 'perkCode'>>;
