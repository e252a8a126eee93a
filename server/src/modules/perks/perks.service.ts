import { randomBytes } from 'node:crypto';
import {
  type PerkInstanceView,
  type PerkMetrics,
  perkPeriodKey,
  perkExpiresAt,
  redemptionCodeFrom,
  sortLadder,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembersService } from '../members';
import type { MergeParticipant } from '../members';
import type { TiersService } from '../tiers';
import { memberPerksView } from './perks.member-view';
import { tierGuideView } from './perks.tier-guide';
import { PerkCatalog, type PerkCirclesPort } from './perks.catalog';
import { perkMetrics } from './perks.metrics';
import { type PerkDoc, type PerkInstanceDoc, perkModels } from './perks.model';
import { PerkValidity } from './perks.validity';
import {
  actorOf,
  instanceView,
  type PerkRedeemed,
  type RedeemedBy,
  type SidebarPerk,
  toSidebarPerks,
} from './perks.views';

export type { PerkRedeemed, RedeemedBy, SidebarPerk } from './perks.views';

export interface IssueOptions {
  /** Replaying a key returns the instance it first issued. */
  idempotencyKey: string;
  sourceType: string;
  sourceId: string;
  /** The instance ends by then at the latest (the end of the membership that grants it). */
  validUntil?: Date;
}

const MAX_ATTEMPTS = 6;

const capped = (expiresAt: Date, validUntil: Date | undefined) =>
  validUntil && validUntil < expiresAt ? validUntil : expiresAt;

/**
 * Perk instances: claims within the tier quota, grants regardless of tier (redemption
 * catalogue, task rewards, birthdays), redemption in store, and metrics. Every write is one
 * insert under a unique key or one conditional update, so retries and races are harmless.
 */
export class PerksService {
  readonly m;
  readonly catalog: PerkCatalog;
  private readonly validity: PerkValidity;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly tiers: TiersService,
    private readonly circles: PerkCirclesPort,
  ) {
    this.m = perkModels(core.conn);
    this.catalog = new PerkCatalog(core, this.m, tiers, circles);
    this.validity = new PerkValidity(core, this.m);
  }

  /** Ends a source's unused instances at `at` (revoked when that is now or past). */
  endBySource(sourceType: string, sourceId: string, at: Date): Promise<number> {
    return this.validity.endBySource(sourceType, sourceId, at);
  }

  private async livePerk(code: string): Promise<PerkDoc> {
    const perk = await this.catalog.find(code);
    if (perk?.status !== 'active') throw AppError.of('PERK_NOT_FOUND', `权益 ${code} 不存在`);
    return perk;
  }

  /**
   * Claims a perk of the member's tier. While the member holds an unused instance claimed in
   * this period, a claim returns it (a retried tap never burns quota); otherwise it takes the
   * next quota slot, whose key is unique, so concurrent claims yield one instance.
   */
  async claim(memberId: Types.ObjectId, code: string): Promise<PerkInstanceView> {
    const perk = await this.livePerk(code);
    const member = await this.members.require(memberId);
    const circleIds = perk.circleIds ?? [];
    if (circleIds.length > 0) {
      const mine = await this.circles.idsOf(member._id);
      if (!circleIds.some((id) => mine.has(id))) {
        const names = await this.circles.names(circleIds);
        const name = [...names.values()][0];
        throw AppError.of(
          'PERK_CIRCLE_LOCKED',
          name ? `加入 ${name} 圈层可解锁该权益` : '该权益为圈层专属',
          { circleIds },
        );
      }
    }
    if (perk.tierCodes.length > 0 && !perk.tierCodes.includes(member.tierCode)) {
      const { tiers } = await this.tiers.ladder();
      const mine = tiers.find((t) => t.code === member.tierCode);
      const unlock = sortLadder(tiers).find(
        (t) => perk.tierCodes.includes(t.code) && t.rank > (mine?.rank ?? -1),
      );
      throw AppError.of(
        'PERK_TIER_LOCKED',
        unlock ? `升级到${unlock.name}解锁该权益` : '当前等级不可领取该权益',
        { tierCode: member.tierCode, unlockTier: unlock?.code ?? null },
      );
    }
    if (perk.kind === 'birthday_gift')
      throw AppError.of('PERK_NOT_CLAIMABLE', '生日礼遇将在生日当月自动发放，无需领取');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.core.clock.now();
      const pk = perkPeriodKey(perk.quota.period, now);
      const taken = await this.m.PerkInstance.find({
        memberId: member._id,
        perkCode: code,
        periodKey: pk,
        source: 'claim',
      })
        .sort({ claimedAt: 1 })
        .lean();
      const held = taken.find((i) => !i.usedAt && i.expiresAt > now);
      if (held) return this.view(held, perk, member.memberNo);
      if (taken.length >= perk.quota.limit)
        throw AppError.of('PERK_QUOTA_EXCEEDED', '本期领取次数已用完', {
          period: perk.quota.period,
          limit: perk.quota.limit,
        });
      const doc = await this.insert({
        memberId: member._id,
        perkCode: code,
        key: `${member._id}:claim:${code}:${pk}:${taken.length + 1}`,
        source: 'claim',
        periodKey: pk,
        tierCode: member.tierCode,
        sourceType: null,
        sourceId: null,
        claimedAt: now,
        expiresAt: perkExpiresAt(now, perk.validityDays),
        coupon: perk.coupon ?? null,
      });
      if (doc) return this.view(doc, perk, member.memberNo);
      // Someone took this slot first: read again and answer from the new state.
    }
    throw AppError.of('IDEMPOTENCY_CONFLICT', '领取人数较多，请稍后重试');
  }

  /** Grants an instance regardless of tier and quota; idempotent by `idempotencyKey`. */
  async issue(
    memberId: Types.ObjectId,
    code: string,
    opts: IssueOptions,
  ): Promise<PerkInstanceView> {
    const perk = await this.livePerk(code);
    const { doc, memberNo } = await this.issueDoc(memberId, perk, opts);
    return this.view(doc, perk, memberNo);
  }

  /** As `issue`, also telling whether this call created the instance (for job counts). */
  async issueDoc(memberId: Types.ObjectId, perk: PerkDoc, opts: IssueOptions) {
    const member = await this.members.require(memberId);
    const key = `${member._id}:issue:${opts.idempotencyKey}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.m.PerkInstance.findOne({ memberId: member._id, key }).lean();
      if (existing) return { doc: existing, created: false, memberNo: member.memberNo };
      const now = this.core.clock.now();
      const doc = await this.insert({
        memberId: member._id,
        perkCode: perk._id,
        key,
        source: 'issue',
        periodKey: perkPeriodKey(perk.quota.period, now),
        tierCode: member.tierCode,
        sourceType: opts.sourceType,
        sourceId: opts.sourceId,
        claimedAt: now,
        expiresAt: capped(perkExpiresAt(now, perk.validityDays), opts.validUntil),
        coupon: perk.coupon ?? null,
      });
      if (doc) return { doc, created: true, memberNo: member.memberNo };
    }
    throw AppError.of('IDEMPOTENCY_CONFLICT', '权益发放冲突，请重试');
  }

  /** Inserts with a fresh redemption code; null when the key was taken meanwhile. */
  private async insert(
    fields: Omit<
      PerkInstanceDoc,
      '_id' | 'redemptionCode' | 'usedAt' | 'usedBy' | 'usedOrder' | 'revokedAt' | 'mergedFrom'
    >,
  ): Promise<PerkInstanceDoc | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const created = await this.m.PerkInstance.create({
          ...fields,
          redemptionCode: redemptionCodeFrom(randomBytes(16)),
          usedAt: null,
          usedBy: null,
          revokedAt: null,
          mergedFrom: [],
        });
        return created.toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const clash = await this.m.PerkInstance.exists({
          memberId: fields.memberId,
          key: fields.key,
        });
        if (clash) return null;
        // Otherwise the redemption code collided (32^10 space): draw another.
      }
    }
    throw AppError.of('IDEMPOTENCY_CONFLICT', '权益发放冲突，请重试');
  }

  /**
   * Marks an instance used by its redemption code. Using a used code again answers with the
   * first use (`firstUse: false`), so a till that retries never double-counts. A money coupon
   * records the order it took `discountFen` off (see CouponsService).
   */
  async markUsed(
    redemptionCode: string,
    by: RedeemedBy | string,
    order: PerkInstanceDoc['usedOrder'] = null,
  ): Promise<PerkRedeemed> {
    const actor = actorOf(by);
    const code = redemptionCode.trim().toUpperCase();
    const inst = await this.m.PerkInstance.findOne({ redemptionCode: code }).lean();
    if (!inst) throw AppError.of('PERK_REDEMPTION_UNKNOWN', '核销码不存在');
    const perk = await this.catalog.require(inst.perkCode);
    const memberNo = (await this.members.require(inst.memberId)).memberNo;
    const answer = (doc: PerkInstanceDoc, firstUse: boolean): PerkRedeemed => ({
      ...this.view(doc, perk, memberNo),
      usedAt: (doc.usedAt ?? this.core.clock.now()).toISOString(),
      firstUse,
      discountFen: doc.usedOrder?.discountFen ?? null,
    });
    if (inst.usedAt) return answer(inst, false);
    if (inst.revokedAt)
      throw AppError.of('PERK_REVOKED', '该权益已随付费会员退款作废，无法核销', {
        revokedAt: inst.revokedAt.toISOString(),
      });
    const now = this.core.clock.now();
    if (inst.expiresAt <= now)
      throw AppError.of('PERK_EXPIRED', '该权益已过期，无法核销', {
        expiresAt: inst.expiresAt.toISOString(),
      });
    const used = await this.m.PerkInstance.findOneAndUpdate(
      { _id: inst._id, usedAt: null },
      {
        $set: {
          usedAt: now,
          usedBy: { kind: actor.kind, id: actor.id, storeCode: actor.storeCode ?? null },
          usedOrder: order,
        },
      },
      { returnDocument: 'after' },
    ).lean();
    if (used) return answer(used, true);
    // Lost the race to another redemption of the same code: answer with that first use.
    const again = await this.m.PerkInstance.findById(inst._id).lean();
    return answer(again ?? inst, false);
  }

  /** 等级说明: the ladder with thresholds and tier perks, and where the member stands. */
  async tierGuide(memberId: Types.ObjectId) {
    const member = await this.members.require(memberId);
    const [ladder, perks, view] = await Promise.all([
      this.tiers.ladder(),
      this.catalog.list({ status: 'active' }),
      this.tiers.view(member),
    ]);
    return tierGuideView(ladder, perks, member, view.growth);
  }

  /** The member's perks with claim state, and higher tiers' perks as locked. */
  async memberPerks(memberId: Types.ObjectId, known?: { _id: Types.ObjectId; tierCode: string }) {
    // One round trip for all the reads: this is on the member center and the sidebar card.
    const [member, { tiers }, perks, mine, circleIds, interests] = await Promise.all([
      known ?? this.members.require(memberId),
      this.tiers.ladder(),
      this.catalog.list({ status: 'active' }),
      this.m.PerkInstance.find({ memberId }).lean(),
      this.circles.idsOf(memberId),
      this.circles.interestsOf(memberId),
    ]);
    // A merged-away id resolves to the survivor, who now holds the instances.
    const instances = member._id.equals(memberId)
      ? mine
      : await this.m.PerkInstance.find({ memberId: member._id }).lean();
    const live = new Set(perks.map((p) => p._id));
    return memberPerksView(
      member.tierCode,
      tiers,
      perks,
      instances.filter((i) => live.has(i.perkCode)),
      this.core.clock.now(),
      {
        mine: circleIds,
        names: await this.circles.names([...new Set(perks.flatMap((p) => p.circleIds ?? []))]),
      },
      interests,
    );
  }

  /** The member's own perks (not locked ones) in the sidebar's shape. */
  async sidebarPerks(
    memberId: Types.ObjectId,
    member?: { _id: Types.ObjectId; tierCode: string },
  ): Promise<SidebarPerk[]> {
    return toSidebarPerks((await this.memberPerks(memberId, member)).perks);
  }

  /** Instances of one member, newest first (member detail, sidebar). */
  async instancesOf(memberId: Types.ObjectId, limit = 50): Promise<PerkInstanceView[]> {
    const member = await this.members.require(memberId);
    const rows = await this.m.PerkInstance.find({ memberId: member._id })
      .sort({ claimedAt: -1 })
      .limit(limit)
      .lean();
    const perks = new Map(
      (await this.catalog.list({ status: 'all' })).map((p) => [p._id, p] as const),
    );
    return rows.flatMap((r) => {
      const p = perks.get(r.perkCode);
      return p ? [this.view(r, p, member.memberNo)] : [];
    });
  }

  metrics(): Promise<PerkMetrics> {
    return perkMetrics(this.m, this.members, this.tiers);
  }

  view(i: PerkInstanceDoc, perk: PerkDoc, memberNo: string): PerkInstanceView {
    return instanceView(i, perk, memberNo, this.core.clock.now());
  }

  /** Keys carry the original owner's id, so moving instances never collides on the index. */
  mergeParticipant(): MergeParticipant {
    return {
      name: 'perks',
      merge: async (loser, survivor) => {
        await this.m.PerkInstance.updateMany(
          { memberId: loser },
          { $set: { memberId: survivor }, $addToSet: { mergedFrom: loser } },
        );
      },
      unmerge: async (loser, survivor) => {
        await this.m.PerkInstance.updateMany(
          { memberId: survivor, mergedFrom: loser },
          { $set: { memberId: loser }, $pull: { mergedFrom: loser } },
        );
      },
    };
  }

  /** Members who used any perk since a date (perk penetration inside a circle). */
  async usersSince(since: Date): Promise<Types.ObjectId[]> {
    return this.m.PerkInstance.distinct('memberId', { usedAt: { $gte: since } });
  }
}
