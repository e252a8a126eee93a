import { baseTier, evaluateTier, isRenewal, type TierDecision, windowStart } from '@circles/shared';
import { Types } from 'mongoose';
import type { Container } from '../../container';
import type { Ladder } from '../tiers';
import type { TierChangeDoc } from '../tiers';
import { type BulkStore, ID_CHUNK, inChunks } from './bulk-store';
import type { CachedMember, RunCache } from './cache';
import type { NewMember } from './members.bulk';

type Id = Types.ObjectId;

interface Planned {
  id: Id;
  expected: number;
  from: string;
  change?: TierDecision;
  renewUntil?: Date;
}

type TierState = Pick<
  CachedMember,
  'tierCode' | 'tierVersion' | 'tierValidUntil' | 'tierOverride'
> & { _id: Id; windowGrowth: number };

/**
 * TiersService.evaluate for many members at once: the same pure `evaluateTier` decision on
 * the same inputs (window growth now, current tier, validity, override), applied with the same
 * conditional update on the member's tier version, and a tier-change record per change. A
 * member whose update lost a race is handed to TiersService.evaluate, which retries.
 */
export class BulkTierEvaluator {
  private readonly newChange;

  constructor(
    private readonly c: Container,
    private readonly store: BulkStore,
    private readonly cache: RunCache,
  ) {
    this.newChange = store.TierChange.make;
  }

  /**
   * New members start in the base tier and are evaluated at once, as after an API order; a
   * member created with enough growth is written straight at the tier it earned, with the
   * upgrade record written first (version 1), so a crash in between can only leave a record
   * that the resumed run's identical decision finds already there.
   */
  async upgradeNew(
    creates: NewMember[],
    windowGrowth: Map<string, number>,
    ladder: Ladder,
  ): Promise<void> {
    const now = this.c.clock.now();
    const base = baseTier(ladder.tiers).code;
    const records: TierChangeDoc[] = [];
    for (const n of creates) {
      if (n.healed) continue;
      const d = evaluateTier(
        ladder.tiers,
        { tierCode: base, validUntil: null, windowGrowth: windowGrowth.get(String(n._id)) ?? 0 },
        now,
      );
      if (!d || isRenewal(d)) continue;
      n.tier = { code: d.to, validUntil: d.validUntil };
      records.push(this.record(n._id, 1, base, d, now));
    }
    await this.store.TierChange.insertNew(records);
  }

  private record(id: Id, version: number, from: string, d: TierDecision, at: Date) {
    return this.newChange({
      _id: new Types.ObjectId(),
      memberId: id,
      version,
      from,
      to: d.to,
      reason: d.reason,
      note: null,
      by: null,
      at,
    });
  }

  /** Members this run created come from the cache; everyone else is read fresh. */
  private async states(ids: Id[], from: Date): Promise<TierState[]> {
    const out: TierState[] = [];
    const unknown: Id[] = [];
    for (const id of ids) {
      const m = this.cache.members.get(String(id));
      if (m) out.push({ ...m, _id: m.id, windowGrowth: this.cache.windowGrowth(m, from) });
      else unknown.push(id);
    }
    if (unknown.length === 0) return out;
    const growth = await inChunks(
      unknown,
      (chunk) =>
        this.store.GrowthEntry.aggregate<{ _id: Id; total: number }>([
          { $match: { memberId: { $in: chunk }, earnedAt: { $gt: from } } },
          { $group: { _id: '$memberId', total: { $sum: '$delta' } } },
        ]),
      ID_CHUNK,
    );
    const windowOf = new Map(growth.map((g) => [String(g._id), g.total]));
    const members = await inChunks(
      unknown,
      (chunk) =>
        this.store.Member.find(
          { _id: { $in: chunk }, status: 'active' },
          { tierCode: 1, tierValidUntil: 1, tierOverride: 1, tierVersion: 1 },
        ).lean(),
      ID_CHUNK,
    );
    for (const m of members) out.push({ ...m, windowGrowth: windowOf.get(String(m._id)) ?? 0 });
    return out;
  }

  async evaluate(ids: Id[], ladder: Ladder): Promise<{ changed: number }> {
    if (ids.length === 0) return { changed: 0 };
    const now = this.c.clock.now();
    const plans: Planned[] = [];
    for (const m of await this.states(ids, windowStart(now))) {
      const d = evaluateTier(
        ladder.tiers,
        {
          tierCode: m.tierCode,
          validUntil: m.tierValidUntil,
          windowGrowth: Math.max(0, m.windowGrowth),
          override: m.tierOverride,
        },
        now,
      );
      if (!d) continue;
      const base = { id: m._id, expected: m.tierVersion, from: m.tierCode };
      plans.push(isRenewal(d) ? { ...base, renewUntil: d.renewUntil } : { ...base, change: d });
    }
    if (plans.length === 0) return { changed: 0 };
    const ops = plans.map((p) => ({
      updateOne: {
        filter: { _id: p.id, tierVersion: p.expected, status: 'active' },
        update: p.change
          ? {
              $set: {
                tierCode: p.change.to,
                tierSince: now,
                tierValidUntil: p.change.validUntil,
                tierDueAt: p.change.validUntil,
                ...(p.change.clearOverride ? { tierOverride: null } : {}),
                updatedAt: now,
              },
              $inc: { tierVersion: 1 },
            }
          : { $set: { tierValidUntil: p.renewUntil, tierDueAt: p.renewUntil, updatedAt: now } },
      },
    }));
    const res = await this.store.Member.bulkWrite(ops);
    const applied = res.matchedCount === ops.length ? plans : await this.sortOutRaces(plans);
    for (const p of applied) this.remember(p);
    const records = applied
      .filter((p) => p.change)
      .map((p) => this.record(p.id, p.expected + 1, p.from, p.change!, now));
    await this.store.TierChange.insertNew(records);
    return { changed: records.length };
  }

  private remember(p: Planned): void {
    const m = this.cache.members.get(String(p.id));
    if (!m) return;
    if (p.change) {
      m.tierCode = p.change.to;
      m.tierVersion = p.expected + 1;
      m.tierValidUntil = p.change.validUntil;
      if (p.change.clearOverride) m.tierOverride = null;
    } else m.tierValidUntil = p.renewUntil!;
  }

  /** Plans whose conditional update took; the others go through TiersService.evaluate. */
  private async sortOutRaces(plans: Planned[]): Promise<Planned[]> {
    const now = await inChunks(
      plans.map((p) => p.id),
      (chunk) =>
        this.store.Member.find(
          { _id: { $in: chunk } },
          { tierCode: 1, tierVersion: 1, tierValidUntil: 1 },
        ).lean(),
      ID_CHUNK,
    );
    const byId = new Map(now.map((m) => [String(m._id), m]));
    const applied: Planned[] = [];
    for (const p of plans) {
      const m = byId.get(String(p.id));
      const took = p.change
        ? m?.tierVersion === p.expected + 1 && m.tierCode === p.change.to
        : m?.tierVersion === p.expected && m.tierValidUntil?.getTime() === p.renewUntil!.getTime();
      if (took) applied.push(p);
      else {
        // Someone else changed this member: stop trusting the cache for it.
        this.cache.forget(p.id);
        await this.c.services.tiers.evaluate(p.id);
      }
    }
    return applied;
  }
}
