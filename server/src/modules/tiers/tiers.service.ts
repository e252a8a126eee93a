import {
  baseTier,
  DEFAULT_GROWTH_PER_YUAN,
  DEFAULT_TIERS,
  evaluateTier,
  findTier,
  isRenewal,
  nextTierOf,
  sortLadder,
  spendForGrowth,
  type TierChange,
  type TierChangeReason,
  type TierDef,
  tierForGrowth,
  type TierLadderBody,
  validateLadder,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { BulkCollection } from '../../lib/bulk';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { GrowthService } from '../growth';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import { type TierChangeDoc, tierModels } from './tiers.model';

export interface Ladder {
  tiers: TierDef[];
  growthPerYuan: number;
  updatedAt: Date | null;
}

const MAX_ATTEMPTS = 4;
/**
 * The ladder is read by nearly every member-facing request and changes a few times a year: other
 * instances see a save within this long (this one at once).
 */
const LADDER_TTL_MS = 5000;

export class TiersService {
  readonly m;
  /** Tier-change records the bulk import writes (and the seed). */
  readonly bulk: BulkCollection<TierChangeDoc>;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly growth: GrowthService,
  ) {
    this.m = tierModels(core.conn);
    this.bulk = new BulkCollection(this.m.TierChange);
    members.events.subscribe('tier.changed', 'tiers.history', (p) => this.recordChange(p));
  }

  private cached: { at: number; ladder: Promise<Ladder> } | null = null;

  async ladder(): Promise<Ladder> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at >= LADDER_TTL_MS) {
      const ladder = this.readLadder();
      const entry = { at: now, ladder };
      this.cached = entry;
      ladder.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
    }
    const l = await this.cached.ladder;
    // A copy, so a caller that sorts or edits its ladder can't change everyone else's.
    return { ...l, tiers: l.tiers.map((t) => ({ ...t })) };
  }

  private async readLadder(): Promise<Ladder> {
    const doc = await this.m.TierConfig.findById('ladder').lean();
    if (!doc)
      return { tiers: [...DEFAULT_TIERS], growthPerYuan: DEFAULT_GROWTH_PER_YUAN, updatedAt: null };
    return {
      tiers: sortLadder(doc.tiers),
      growthPerYuan: doc.growthPerYuan,
      updatedAt: doc.updatedAt,
    };
  }

  async base(): Promise<TierDef> {
    return baseTier((await this.ladder()).tiers);
  }

  private assertValid(body: TierLadderBody): void {
    const issues = validateLadder(sortLadder(body.tiers));
    if (issues.length > 0) {
      throw AppError.of('TIER_LADDER_INVALID', `等级设置无效：${issues[0]!.message}`, {
        fields: issues.map((i) => ({ path: `body.${i.path}`, message: i.message })),
      });
    }
  }

  async saveLadder(body: TierLadderBody): Promise<{ before: Ladder; after: Ladder }> {
    this.assertValid(body);
    const before = await this.readLadder();
    const updatedAt = this.core.clock.now();
    const tiers = sortLadder(body.tiers);
    await this.m.TierConfig.updateOne(
      { _id: 'ladder' },
      { $set: { tiers, growthPerYuan: body.growthPerYuan, updatedAt } },
      { upsert: true },
    );
    this.cached = null;
    return { before, after: { tiers, growthPerYuan: body.growthPerYuan, updatedAt } };
  }

  /** Members per tier now, and where they would land by growth with the proposed ladder. */
  async preview(body: TierLadderBody) {
    this.assertValid(body);
    const now = this.core.clock.now();
    const growth = await this.growth.windowGrowthByMember(now);
    const current = [...(await this.members.query.countByTier())].map(([_id, n]) => ({ _id, n }));
    const total = current.reduce((s, r) => s + r.n, 0);
    const proposed = sortLadder(body.tiers);
    const counts = new Map<string, number>(proposed.map((t) => [t.code, 0]));
    let withGrowth = 0;
    for (const g of growth.values()) {
      if (g <= 0) continue;
      withGrowth++;
      const t = tierForGrowth(proposed, g);
      counts.set(t.code, (counts.get(t.code) ?? 0) + 1);
    }
    const base = proposed[0]!.code;
    counts.set(base, (counts.get(base) ?? 0) + Math.max(0, total - withGrowth));
    const currentBy = new Map(current.map((r) => [r._id, r.n]));
    return {
      totalMembers: total,
      tiers: proposed.map((t) => ({
        code: t.code,
        name: t.name,
        current: currentBy.get(t.code) ?? 0,
        preview: counts.get(t.code) ?? 0,
      })),
    };
  }

  /**
   * Re-evaluates one member now and applies the decision with a conditional update on the
   * member's tier version; a concurrent change makes it re-read and decide again.
   */
  async evaluate(memberId: Types.ObjectId): Promise<MemberDoc> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const member = await this.members.require(memberId);
      const { tiers } = await this.ladder();
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
