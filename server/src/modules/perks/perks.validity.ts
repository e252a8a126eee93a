import type { Core } from '../../core';
import type { PerkModels } from './perks.model';

/**
 * Instances granted by something that can end (a paid membership period) never outlive it:
 * when the source ends early or moves, its unused instances end with it. Used ones stay as
 * they are, so history and redemptions are never rewritten.
 */
export class PerkValidity {
  constructor(
    private readonly core: Core,
    private readonly m: PerkModels,
  ) {}

  /**
   * Ends the unused instances of one source at `at` (now or later). Ending at or before now
   * revokes them (核销 is refused with PERK_REVOKED); a later instant only caps their
   * validity. Returns how many instances changed.
   */
  async endBySource(sourceType: string, sourceId: string, at: Date): Promise<number> {
    const now = this.core.clock.now();
    const revoke = at.getTime() <= now.getTime();
    const res = await this.m.PerkInstance.updateMany(
      { sourceType, sourceId, usedAt: null, revokedAt: null, expiresAt: { $gt: at } },
      { $set: revoke ? { expiresAt: now, revokedAt: now } : { expiresAt: at } },
    );
    return res.modifiedCount;
  }
}
