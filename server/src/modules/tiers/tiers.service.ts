import {
  baseTier,
  evaluateTier,
  findTier,
  isRenewal,
  nextTierOf,
  spendForGrowth,
  type TierChange,
  type TierChangeReason,
  type TierDef,
  type TierLadderBody,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { BulkCollection } from '../../lib/bulk';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { GrowthService } from '../growth';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import { nextTierRun } from './schedule';
import { type Ladder, LadderStore } from './tiers.ladder';
import { type TierChangeDoc, tierModels } from './tiers.model';
import { PreviewTally } from './tiers.preview';

export type { Ladder } from './tiers.ladder';

const MAX_ATTEMPTS = 4;
type PreviewRow = Pick<MemberDoc, '_id' | 'tierCode' | 'tierValidUntil' | 'tierOverride'>;
const PREVIEW_BATCH = 1000;

export class TiersService {
  readonly m;
  /** Tier-change records the bulk import writes (and the seed). */
  readonly bulk: BulkCollection<TierChangeDoc>;
  private readonly store: LadderStore;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly growth: GrowthService,
  ) {
    this.m = tierModels(core.conn);
    this.bulk = new BulkCollection(this.m.TierChange);
    this.store = new LadderStore(this.m.TierConfig, core.clock);
    members.events.subscribe('tier.changed', 'tiers.history', (p) => this.recordChange(p));
  }

  /** The ladder in force (cached for a few seconds across instances); a copy per caller. */
  ladder(): Promise<Ladder> {
    return this.store.current();
  }

  async base(): Promise<TierDef> {
    return baseTier((await this.ladder()).tiers);
  }

  /**
   * Saves the ladder. New orders are evaluated with it at once; every other member is
   * re-evaluated with it by the next tier-job run (see `effectiveAt`).
   */
  saveLadder(body: TierLadderBody): Promise<{ before: Ladder; after: Ladder }> {
    return this.store.save(body);
  }

  /** When a saved ladder reaches every member: the next tier-job run, or null once applied. */
  async effectiveAt(): Promise<Date | null> {
    return (await this.store.pending()) ? nextTierRun(this.core.clock.now()) : null;
  }

  /** The saved ladder while the tier job has still to apply it to every member. */
  pendingLadder() {
    return this.store.pending();
  }

  markLadderApplied(version: Date): Promise<boolean> {
    return this.store.markApplied(version);
  }

  /**
   * Per tier: members now, and after the next tier-job run with the proposed ladder (the same
   * rules the job applies, over every active member), with the moves up and down.
   */
  async preview(body: TierLadderBody) {
    this.store.assertValid(body);
    const now = this.core.clock.now();
    const growth = await this.growth.windowGrowthByMember(now);
    const tally = new PreviewTally(body.tiers, now);
    let after: string | null = null;
    for (;;) {
      const batch: PreviewRow[] = await this.members.query.scan({ after, limit: PREVIEW_BATCH }, [
        'tierCode',
        'tierValidUntil',
        'tierOverride',
      ]);
      if (batch.length === 0) break;
      for (const m of batch) {
        tally.add({
          tierCode: m.tierCode,
          tierValidUntil: m.tierValidUntil,
          tierOverride: m.tierOverride,
          windowGrowth: Math.max(0, growth.get(String(m._id)) ?? 0),
        });
      }
      after = String(batch[batch.length - 1]!._id);
    }
    return {
      ...tally.result(),
      evaluatedAt: now.toISOString(),
      effectiveAt: nextTierRun(now).toISOString(),
    };
  }

  /**
   * Re-evaluates one member now and applies the decision with a conditional update on the
   * member's tier version; a concurrent change makes it re-read and decide again. `ladder`: the
   * tier job passes the ladder it applies (fresh from the database, not another instance's cache).
   */
  async evaluate(memberId: Types.ObjectId, ladder?: readonly TierDef[]): Promise<MemberDoc> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const member = await this.members.require(memberId);
      const tiers = ladder ?? (await this.ladder()).tiers;
      const now = this.core.clock.now();
      const windowGrowth = await this.growth.windowGrowth(member._id, now);
      const decision = evaluateTier(
        tiers,
        {
          tierCode: member.tierCode,
          validUntil: member.tierValidUntil,
          windowGrowth,
          override: member.tierOverride,
        },
        now,
      );
      if (!decision) return member;
      if (isRenewal(decision)) {
        const r = await this.members.applyTier(
          member._id,
          member.tierVersion,
          { tierValidUntil: decision.renewUntil, tierDueAt: decision.renewUntil },
          false,
        );
        if (r) return r;
        continue;
      }
      const set = {
        tierCode: decision.to,
        tierSince: now,
        tierValidUntil: decision.validUntil,
        tierDueAt: decision.validUntil,
        ...(decision.clearOverride ? { tierOverride: null } : {}),
      };
      const event = this.changeEvent(member, decision.to, decision.reason, null, null);
      const updated = await this.members.applyTier(
        member._id,
        member.tierVersion,
        set,
        true,
        event,
      );
      if (!updated) continue;
      return updated;
    }
    throw AppError.of('TIER_CONFLICT', '会员等级正在被其他操作更新，请重试');
  }

  /**
   * tier.changed, keyed by the member's tier version after the change (unique per change). It
   * is written with the change itself, and the history record is written from it (by the
   * `tiers.history` subscriber), so a crash can't leave a tier change without its record.
   */
  private changeEvent(
    member: MemberDoc,
    to: string,
    reason: TierChangeReason,
    note: string | null,
    by: string | null,
  ) {
    const version = member.tierVersion + 1;
    return this.members.events.entry('tier.changed', `tier.changed:${member._id}:${version}`, {
      memberId: String(member._id),
      version,
      from: member.tierCode,
      to,
      reason,
      note: note ?? '',
      by: by ?? '',
      at: this.core.clock.now().toISOString(),
    });
  }

  /** An admin's manual tier: holds until `until`, then the nightly job falls back by growth. */
  async override(
    memberId: Types.ObjectId,
    code: string,
    until: Date,
    reason: string,
    by: string,
  ): Promise<MemberDoc> {
    const { tiers } = await this.ladder();
    if (!findTier(tiers, code))
      throw AppError.of('VALIDATION_FAILED', `等级 ${code} 不存在`, {
        fields: [{ path: 'body.code', message: 'unknown tier' }],
      });
    const now = this.core.clock.now();
    if (until <= now)
      throw AppError.of('VALIDATION_FAILED', '结束日期必须晚于今天', {
        fields: [{ path: 'body.until', message: 'must be in the future' }],
      });
    const member = await this.members.require(memberId);
    const updated = await this.members.applyTier(
      member._id,
      member.tierVersion,
      {
        tierCode: code,
        tierSince: now,
        tierValidUntil: until,
        tierDueAt: until,
        tierOverride: { code, until, reason, by },
      },
      true,
      this.changeEvent(member, code, 'manual', reason, by),
    );
    if (!updated) throw AppError.of('TIER_CONFLICT', '会员等级正在被其他操作更新，请重试');
    return updated;
  }

  /** The append-only history record of one tier change (unique per member and version). */
  private async recordChange(p: Record<string, string | number>): Promise<void> {
    try {
      await this.m.TierChange.create({
        memberId: new Types.ObjectId(String(p.memberId)),
        version: Number(p.version),
        from: p.from === undefined ? null : String(p.from),
        to: String(p.to),
        reason: String(p.reason) as TierChangeReason,
        note: p.note ? String(p.note) : null,
        by: p.by ? String(p.by) : null,
        at: new Date(String(p.at)),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Newest first, in the API's `tierChange` shape. */
  async history(memberId: Types.ObjectId, limit = 20): Promise<TierChange[]> {
    const rows: TierChangeDoc[] = await this.m.TierChange.find({ memberId })
      .sort({ version: -1 })
      .limit(limit)
      .lean();
    return rows.map((h) => ({
      from: h.from,
      to: h.to,
      reason: h.reason,
      ...(h.note ? { note: h.note } : {}),
      at: h.at.toISOString(),
    }));
  }

  /** Badge, progress to the next tier and "needs ¥X by <date> to keep" for member-facing views. */
  async view(member: MemberDoc) {
    const now = this.core.clock.now();
    const atRisk = member.tierValidUntil && !member.tierOverride ? member.tierValidUntil : null;
    const [{ tiers, growthPerYuan }, [growth = 0, kept = 0]] = await Promise.all([
      this.ladder(),
      this.growth.windowGrowthAt(member._id, atRisk ? [now, atRisk] : [now]),
    ]);
    const tier = findTier(tiers, member.tierCode) ?? baseTier(tiers);
    const next = nextTierOf(tiers, tier.code);
    const nextTier = next
      ? {
          code: next.code,
          name: next.name,
          growthNeeded: Math.max(0, next.upgradeGrowth - growth),
          spendNeeded: spendForGrowth(Math.max(0, next.upgradeGrowth - growth), growthPerYuan),
        }
      : null;
    let tierAtRisk = null;
    if (atRisk) {
      const needed = Math.max(0, tier.retainGrowth - kept);
      if (needed > 0)
        tierAtRisk = {
          growthNeeded: needed,
          spendNeeded: spendForGrowth(needed, growthPerYuan),
          by: atRisk.toISOString(),
        };
    }
    return {
      tier: { code: tier.code, name: tier.name, rank: tier.rank, color: tier.color },
      nextTier,
      growth,
      tierValidUntil: member.tierValidUntil?.toISOString() ?? null,
      tierAtRisk,
    };
  }
}
