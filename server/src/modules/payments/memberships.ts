import type { MembershipView } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { isAppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembershipPeriodDoc, PayModels, PayOrderDoc } from './payments.model';
import { BLACK_CARD_PERKS, membershipPlan } from './plans';
import type { PerksPort } from './ports';

const DAY = 86_400_000;
/** The sourceType of perk instances a membership period grants (sourceId: its outTradeNo). */
const MEMBERSHIP_SOURCE = 'membership';

/**
 * Paid membership (付费会员): one period per paid order, each starting where the member's
 * latest period ends, so buying again extends the card instead of overlapping it.
 */
export class MembershipsService {
  constructor(
    private readonly core: Core,
    private readonly m: PayModels,
    private readonly perks: PerksPort,
  ) {}

  /** Starts or extends the card for a paid order; safe to call again for the same order. */
  async activate(order: PayOrderDoc): Promise<MembershipPeriodDoc> {
    const plan = membershipPlan(order.planCode);
    if (!plan) throw new Error(`membership plan ${order.planCode} is gone`);
    let period = await this.m.MembershipPeriod.findOne({ outTradeNo: order.outTradeNo }).lean();
    if (!period) {
      const latest = await this.latest(order.memberId);
      const paidAt = order.paidAt ?? this.core.clock.now();
      const startsAt = latest && latest.endsAt > paidAt ? latest.endsAt : paidAt;
      try {
        period = (
          await this.m.MembershipPeriod.create({
            memberId: order.memberId,
            outTradeNo: order.outTradeNo,
            planCode: plan.code,
            startsAt,
            endsAt: new Date(startsAt.getTime() + plan.days * DAY),
          })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        period = await this.m.MembershipPeriod.findOne({ outTradeNo: order.outTradeNo }).lean();
        if (!period) throw err;
      }
    }
    await this.issuePerks(order, plan.perkCodes, period.endsAt);
    return period;
  }

  /** The card's perks exist in the catalogue (ops may edit them; deleting archives them). */
  private async ensurePerks(perks: PerksPort): Promise<void> {
    for (const body of BLACK_CARD_PERKS) {
      if (await perks.catalog.find(body.code)) continue;
      try {
        await perks.catalog.create(body);
      } catch (err) {
        if (!(isAppError(err) && err.code === 'PERK_CODE_TAKEN')) throw err;
      }
    }
  }

  /** The card's perks end with its period at the latest, never after it. */
  private async issuePerks(order: PayOrderDoc, codes: string[], endsAt: Date): Promise<void> {
    await this.ensurePerks(this.perks);
    for (const code of codes) {
      await this.perks.issue(order.memberId, code, {
        idempotencyKey: `membership:${order.outTradeNo}:${code}`,
        sourceType: MEMBERSHIP_SOURCE,
        sourceId: order.outTradeNo,
        validUntil: endsAt,
      });
    }
  }

  private latest(memberId: Types.ObjectId) {
    return this.m.MembershipPeriod.findOne({ memberId, endedEarlyAt: null })
      .sort({ endsAt: -1 })
      .lean();
  }

  async view(memberId: Types.ObjectId): Promise<MembershipView> {
    const now = this.core.clock.now();
    const latest = await this.latest(memberId);
    if (!latest || latest.endsAt <= now) {
      return { active: false, planCode: null, planName: null, validUntil: null };
    }
    return {
      active: true,
      planCode: latest.planCode,
      planName: membershipPlan(latest.planCode)?.name ?? latest.planCode,
      validUntil: latest.endsAt.toISOString(),
    };
  }

  /**
   * Fen to give back for the unused part of an order's period (0 when refunds are not pro
   * rata or the period is over). Unstarted periods are refunded in full.
   */
  async refundable(order: PayOrderDoc): Promise<number> {
    if (this.core.config.wxpay.membershipRefund === 'none') return 0;
    const p = await this.m.MembershipPeriod.findOne({ outTradeNo: order.outTradeNo }).lean();
    if (!p || p.endedEarlyAt) return 0;
    const now = this.core.clock.now().getTime();
    const total = p.endsAt.getTime() - p.startsAt.getTime();
    const unused = Math.min(
      total,
      Math.max(0, p.endsAt.getTime() - Math.max(now, p.startsAt.getTime())),
    );
    return Math.floor((order.amount * unused) / total);
  }

  /**
   * Cuts the order's period short now and revokes its unused perks and codes; later periods
   * move up by the days given back, and their perks end with their new end.
   */
  async endEarly(outTradeNo: string): Promise<void> {
    const now = this.core.clock.now();
    const p = await this.m.MembershipPeriod.findOneAndUpdate(
      { outTradeNo, endedEarlyAt: null },
      { $set: { endedEarlyAt: now } },
    ).lean();
    // A replay (the period already ended) still makes sure nothing of it stays usable.
    await this.perks.endBySource(MEMBERSHIP_SOURCE, outTradeNo, now);
    if (!p) return;
    const cut = Math.max(0, p.endsAt.getTime() - Math.max(now.getTime(), p.startsAt.getTime()));
    if (cut === 0) return;
    const later = await this.m.MembershipPeriod.find({
      memberId: p.memberId,
      startsAt: { $gte: p.endsAt },
      endedEarlyAt: null,
    }).lean();
    for (const l of later) {
      const endsAt = new Date(l.endsAt.getTime() - cut);
      await this.m.MembershipPeriod.updateOne(
        { _id: l._id, startsAt: l.startsAt },
        { $set: { startsAt: new Date(l.startsAt.getTime() - cut), endsAt } },
      );
      await this.perks.endBySource(MEMBERSHIP_SOURCE, l.outTradeNo, endsAt);
    }
  }

  /** Members whose paid membership covers `at`. */
  async activeMemberIds(at: Date): Promise<Types.ObjectId[]> {
    const rows = await this.m.MembershipPeriod.find(
      { startsAt: { $lte: at }, endsAt: { $gt: at }, endedEarlyAt: null },
      { memberId: 1 },
    ).lean();
    return [...new Map(rows.map((r) => [String(r.memberId), r.memberId])).values()];
  }
}
