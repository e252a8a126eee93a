import {
  type CouponOrderBody,
  checkCoupon,
  couponText,
  type MemberCoupon,
  type ResponseOf,
  type perkRoutes,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { PerkInstanceDoc } from './perks.model';
import type { PerksService } from './perks.service';
import { instanceView, type PerkRedeemed, type RedeemedBy } from './perks.views';

type CouponQuote = ResponseOf<typeof perkRoutes.quote>;

/** 券包 lists this many of a member's newest perks and coupons. */
const WALLET_LIMIT = 200;

const SOURCE_TEXT: Record<string, string> = {
  membership: '付费会员礼遇',
  points_redemption: '积分兑换',
  birthday: '生日礼遇',
  task: '任务奖励',
  referral: '邀请奖励',
  event: '活动奖励',
  playbook: '专属关怀',
  admin: '品牌赠送',
};

function sourceText(i: PerkInstanceDoc): string {
  if (i.source === 'claim') return '会员领取';
  return (i.sourceType && SOURCE_TEXT[i.sourceType]) || '品牌赠送';
}

const STATUS_REASON = { used: '该券已使用', expired: '该券已过期或已失效' } as const;

/**
 * Coupons as money: the member's 券包, and the till's check (quote) and use (redeem) of a
 * coupon against an order. A coupon's terms are the ones it was issued with.
 */
export class CouponsService {
  constructor(
    private readonly core: Core,
    private readonly perks: PerksService,
    private readonly members: MembersService,
  ) {}

  async ofMember(memberId: Types.ObjectId): Promise<MemberCoupon[]> {
    const member = await this.members.require(memberId);
    const [rows, catalog] = await Promise.all([
      this.perks.m.PerkInstance.find({ memberId: member._id })
        .sort({ claimedAt: -1, _id: -1 })
        .limit(WALLET_LIMIT)
        .lean(),
      this.perks.catalog.list({ status: 'all' }),
    ]);
    const byCode = new Map(catalog.map((p) => [p._id, p] as const));
    const now = this.core.clock.now();
    return rows.flatMap((r) => {
      const perk = byCode.get(r.perkCode);
      if (!perk) return [];
      return [
        {
          ...instanceView(r, perk, member.memberNo, now),
          description: perk.description,
          termsText: r.coupon ? couponText(r.coupon) : null,
          sourceText: sourceText(r),
        },
      ];
    });
  }

  async quote(redemptionCode: string, order: CouponOrderBody): Promise<CouponQuote> {
    const inst = await this.find(redemptionCode);
    const perk = await this.perks.catalog.require(inst.perkCode);
    const memberNo = (await this.members.require(inst.memberId)).memberNo;
    const view = instanceView(inst, perk, memberNo, this.core.clock.now());
    const base = {
      redemptionCode: view.redemptionCode,
      perkName: view.perkName,
      status: view.status,
      coupon: view.coupon,
    };
    if (view.status !== 'claimed') {
      return {
        ...base,
        usable: false,
        eligibleFen: 0,
        discountFen: 0,
        reason: STATUS_REASON[view.status],
      };
    }
    if (!inst.coupon) {
      return { ...base, usable: true, eligibleFen: order.amount, discountFen: 0, reason: null };
    }
    const check = checkCoupon(inst.coupon, order);
    return check.ok
      ? {
          ...base,
          usable: true,
          eligibleFen: check.eligibleFen,
          discountFen: check.discountFen,
          reason: null,
        }
      : {
          ...base,
          usable: false,
          eligibleFen: check.eligibleFen,
          discountFen: 0,
          reason: check.message,
        };
  }

  /**
   * Uses a coupon on an order. A money coupon needs the order and must fit it; a used code
   * answers with its first use (and discount), so a retrying till never takes it off twice.
   */
  async redeem(
    redemptionCode: string,
    by: RedeemedBy,
    order: CouponOrderBody | undefined,
  ): Promise<PerkRedeemed> {
    const inst = await this.find(redemptionCode);
    if (inst.usedAt || !inst.coupon) return this.perks.markUsed(inst.redemptionCode, by);
    if (!order) {
      throw AppError.of('COUPON_ORDER_REQUIRED', '该券需按订单核销，请提供订单金额', {
        fields: [{ path: 'body.order', message: 'required for a coupon with money terms' }],
      });
    }
    const check = checkCoupon(inst.coupon, order);
    if (!check.ok) {
      throw AppError.of('COUPON_NOT_APPLICABLE', check.message, {
        reason: check.reason,
        eligibleFen: check.eligibleFen,
        fields: [{ path: 'body.order', message: check.message }],
      });
    }
    return this.perks.markUsed(inst.redemptionCode, by, {
      orderNo: order.orderNo ?? null,
      amount: order.amount,
      discountFen: check.discountFen,
    });
  }

  private async find(redemptionCode: string): Promise<PerkInstanceDoc> {
    const code = redemptionCode.trim().toUpperCase();
    const inst = await this.perks.m.PerkInstance.findOne({ redemptionCode: code }).lean();
    if (!inst) throw AppError.of('PERK_REDEMPTION_UNKNOWN', '核销码不存在');
    return inst;
  }
}
