import { createHash } from 'node:crypto';
import {
  growthForSpend,
  type MemberRef,
  type OrderBody,
  type OrderResponse,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../container';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { GrowthService } from '../growth/growth.service';
import type { MemberDoc } from '../members/member.model';
import type { MembersService } from '../members/members.service';
import type { MergeParticipant } from '../members/merge.service';
import type { TiersService } from '../tiers/tiers.service';
import { type OrderDoc, orderModels } from './order.model';

export const statusOf = (o: Pick<OrderDoc, 'amount' | 'refundable'>) =>
  o.refundable === o.amount ? 'paid' : o.refundable === 0 ? 'refunded' : 'partially_refunded';

const canonicalHash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

export class OrdersService {
  readonly m;
  /** Hooks other modules add (points, tasks, referral, value stats); each must be idempotent. */
  readonly onPaid: Array<(order: OrderDoc, member: MemberDoc) => Promise<void>> = [];
  readonly onRefund: Array<(order: OrderDoc, refundNo: string, amount: number) => Promise<void>> =
    [];

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly growth: GrowthService,
    private readonly tiers: TiersService,
  ) {
    this.m = orderModels(core.conn);
  }

  /** Orders may name a member by any identity; non-mini-program customers are created. */
  async memberFor(ref: MemberRef, source: string): Promise<MemberDoc> {
    if (ref.memberNo) {
      const m = await this.members.byMemberNo(ref.memberNo);
      if (!m)
        throw AppError.of('MEMBER_NOT_FOUND', `会员 ${ref.memberNo} 不存在`, {
          fields: [{ path: 'body.member.memberNo', message: 'unknown member number' }],
        });
      return m;
    }
    const tierCode = (await this.tiers.base()).code;
    if (ref.phone) {
      const hash = this.core.phoneCrypto.lookupHash(ref.phone);
      const { member, created } = await this.members.findOrCreate(
        { kind: 'phone', value: hash },
        { source, tierCode },
      );
      if (created || !member.phoneHash) await this.members.setPhone(member._id, ref.phone);
      return member;
    }
    const kind = ref.unionid ? 'unionid' : 'openid';
    const value = (ref.unionid ?? ref.openid)!;
    return (await this.members.findOrCreate({ kind, value }, { source, tierCode })).member;
  }

  /** Idempotent by orderNo: the same body gets the same answer; a different body is a 409. */
  async create(body: OrderBody): Promise<OrderResponse> {
    const bodyHash = canonicalHash(body);
    let order = await this.m.Order.findOne({ orderNo: body.orderNo }).lean();
    if (!order) {
      const member = await this.memberFor(body.member, body.channel);
      try {
        const doc = await this.m.Order.create({
          orderNo: body.orderNo,
          memberId: member._id,
          channel: body.channel,
          storeCode: body.storeCode ?? null,
          consultantUserId: body.consultantUserId ?? null,
          paidAt: body.paidAt,
          amount: body.amount,
          refundable: body.amount,
          items: body.items,
          bodyHash,
        });
        order = doc.toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        order = await this.m.Order.findOne({ orderNo: body.orderNo }).lean();
      }
    }
    if (!order) throw AppError.of('ORDER_CONFLICT', '订单写入冲突，请重试');
    if (order.bodyHash !== bodyHash) {
      throw AppError.of('ORDER_CONFLICT', `订单 ${body.orderNo} 已存在且内容不同`);
    }
    // Effects run on every delivery; each is idempotent, so a replay after a crash completes them.
    const member = await this.members.require(order.memberId);
    const { growthPerYuan } = await this.tiers.ladder();
    const earned = growthForSpend(order.amount, growthPerYuan);
    await this.growth.record({
      memberId: member._id,
      delta: earned,
      reason: 'order',
      sourceType: 'order',
      sourceId: order.orderNo,
      earnedAt: order.paidAt,
      idempotencyKey: `order:${order.orderNo}`,
    });
    await this.recomputeTotals(member._id);
    for (const hook of this.onPaid) await hook(order, member);
    const after = await this.tiers.evaluate(member._id);
    const tier = (await this.tiers.view(after)).tier;
    return {
      orderNo: order.orderNo,
      memberNo: after.memberNo,
      amount: order.amount,
      refunded: order.amount - order.refundable,
      growthEarned: earned,
      status: statusOf(order),
      tier: { code: tier.code, name: tier.name },
    };
  }

  /** Totals are recomputed from the orders, so repeating it is harmless and never drifts. */
  async recomputeTotals(memberId: Types.ObjectId): Promise<void> {
    const [t] = await this.m.Order.aggregate<{ spend: number; n: number }>([
      { $match: { memberId } },
      { $group: { _id: null, spend: { $sum: '$refundable' }, n: { $sum: 1 } } },
    ]);
    await this.members.m.Member.updateOne(
      { _id: memberId },
      { $set: { totalSpend: t?.spend ?? 0, orderCount: t?.n ?? 0 } },
    );
  }

  async recent(memberId: Types.ObjectId, limit = 10): Promise<OrderDoc[]> {
    return this.m.Order.find({ memberId }).sort({ paidAt: -1 }).limit(limit).lean();
  }

  /** Orders follow OneID merges and go back when a merge is undone. */
  mergeParticipant(): MergeParticipant {
    return {
      name: 'orders',
      merge: async (loser, survivor) => {
        await this.m.Order.updateMany(
          { memberId: loser },
          { $set: { memberId: survivor }, $addToSet: { mergedFrom: loser } },
        );
        await this.recomputeTotals(survivor);
        await this.recomputeTotals(loser);
      },
      unmerge: async (loser, survivor) => {
        await this.m.Order.updateMany(
          { memberId: survivor, mergedFrom: loser },
          { $set: { memberId: loser }, $pull: { mergedFrom: loser } },
        );
        await this.recomputeTotals(survivor);
        await this.recomputeTotals(loser);
      },
    };
  }
}
