import type { Types } from 'mongoose';
import type { TierOverrideDoc } from '../members';

/** Tier state of a member this import run created, kept current by the run's own writes. */
export interface CachedMember {
  id: Types.ObjectId;
  tierCode: string;
  tierVersion: number;
  tierValidUntil: Date | null;
  tierOverride: TierOverrideDoc | null;
  /** Growth entries this run wrote for the member: [earnedAt ms, delta] pairs. */
  growth: number[];
}

/**
 * What one import run knows without asking the database again: members it created (their
 * identities, tier state and every growth entry — nobody else has written them yet) so a
 * member seen in many batches costs no reads. Members that existed before the run are always
 * read fresh. If another writer changes a cached member's tier meanwhile, the conditional
 * tier update fails and the member is dropped from the cache and handled by TiersService.
 */
export class RunCache {
  readonly identities = new Map<string, Types.ObjectId>();
  readonly members = new Map<string, CachedMember>();

  windowGrowth(m: CachedMember, from: Date): number {
    const t = from.getTime();
    let sum = 0;
    for (let i = 0; i < m.growth.length; i += 2) if (m.growth[i]! > t) sum += m.growth[i + 1]!;
    return sum;
  }

  forget(id: Types.ObjectId): void {
    this.members.delete(String(id));
  }
}
