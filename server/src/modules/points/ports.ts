import type { Types } from 'mongoose';

/**
 * What points needs from other modules, as small ports: the lead wires the real services
 * (PerksService from wallet-perks, TagsService from wecom) in registry.ts.
 */
export interface PerksPort {
  issue(
    memberId: Types.ObjectId,
    perkCode: string,
    opts: { idempotencyKey: string; sourceType: string; sourceId: string },
  ): Promise<{ redemptionCode?: string | null }>;
}

export interface TagsPort {
  memberIdsWithTag(tagId: string): AsyncIterable<Types.ObjectId>;
}

export interface PointsPorts {
  perks: PerksPort;
  tags: TagsPort;
}
