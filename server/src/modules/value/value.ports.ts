import type { Types } from 'mongoose';

/** Perk penetration figures (PerksService.metrics(), shared/src/api/perks.ts PerkMetrics). */
export interface PerkMetrics {
  tiers: Array<{
    tierCode: string;
    eligibleMembers: number;
    membersUsedAny: number;
    penetration: number;
  }>;
  perks: Array<{
    perkCode: string;
    perkName: string;
    tierCode: string;
    eligibleMembers: number;
    membersClaimed: number;
    membersUsed: number;
    usageRate: number;
  }>;
}

export interface PerksPort {
  metrics(): Promise<PerkMetrics>;
}

/**
 * Consultant follow-ups for member warnings (relations.consultantsOf + followUps.create of the
 * WeCom module, adapted by the lead); createFollowUp must be idempotent by sourceKey.
 */
export interface FollowUpsPort {
  consultantsOf(memberId: Types.ObjectId): Promise<string[]>;
  createFollowUp(input: {
    memberId: Types.ObjectId;
    consultantUserId: string;
    kind: string;
    title: string;
    playbook: string[];
    sourceKey: string;
  }): Promise<unknown>;
}

/** Engagement signals (EngagementService.influenceCounts) for the influence score. */
export interface EngagementPort {
  influenceCounts(since: Date): AsyncIterable<{
    memberId: Types.ObjectId;
    shares: number;
    invites: number;
    attendances: number;
  }>;
}

/** Optional collaborators; the value engine works without any of them. */
export interface ValuePorts {
  perks: PerksPort;
  followUps: FollowUpsPort;
  engagement: EngagementPort;
}
