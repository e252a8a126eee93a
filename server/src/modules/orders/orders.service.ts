import { createHash } from 'node:crypto';
import {
  growthForSpend,
  type MemberRef,
  type OrderBody,
  type OrderResponse,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { BulkCollection } from '../../lib/bulk';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { GrowthService } from '../growth';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import type { MergeParticipant } from '../members';
import type { TiersService } from '../tiers';
import type { DomainEvents, OutboxSource } from '../../platform/events';
import { type OrderDoc, orderModels } from './order.model';

/** An order.paid subscriber; `bulk` is its batch form for the import (one write per member). */
export type PaidHook = ((order: OrderDoc, member: MemberDoc) => Promise<void>) & {
  bulk?: (pairs: { order: OrderDoc; member: MemberDoc }[]) => Promise<unknown>;
};
export type RefundHook = (order: OrderDoc, refundNo: string, amount: number) => Promise<void>;

export const paidEventKey = (orderNo: string) => `order.paid:${orderNo}`;
export const refundEventKey = (orderNo: string, refundNo: string) =>
  `order.refunded:${orderNo}:${refundNo}`;

export const statusOf = (o: Pick<OrderDoc, 'amount' | 'refundable'>) =>
  o.refundable === o.amount ? 'paid' : o.refundable === 0 ? 'refunded' : 'partially_refunded';

const canonicalHash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

export class OrdersService {
  readonly m;
  /** order.paid subscribers in registration order; the import runs them in bulk. */
  readonly paidHooks: { name: string; hook: PaidHook }[] = [];
  /** Where order and refund events wait until relayed. */
  readonly outbox: OutboxSource;
  /** For the bulk import and the demo seed only. */
  readonly bulk: BulkCollection<OrderDoc>;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly growth: GrowthService,
    private readonly tiers: TiersService,
    readonly events: DomainEvents,
  ) {
    this.m = orderModels(core.conn);
    this.outbox = { name: 'orders', model: this.m.Order as never };
    this.bulk = new BulkCollection(this.m.Order);
    events.source(this.outbox);
  }

  /** Subscribes an idempotent effect to order.paid (delivered at least once, durably). */
  onPaid(name: string, hook: PaidHook): void {
    this.paidHooks.push({ name, hook });
    this.events.subscribe('order.paid', name, async (p) => {
      const order = await this.m.Order.findOne({ orderNo: String(p.orderNo) }).lean();
      const member = order && (await this.members.resolve(order.memberId));
      if (order && member) await hook(order, member);
    });
  }

  /** Subscribes an idempotent effect to order.refunded. */
  onRefunded(name: string, hook: RefundHook): void {
    this.events.subscribe('order.refunded', name, async (p) => {
      const order = await this.m.Order.findOne({ orderNo: String(p.orderNo) }).lean();
      if (order) await hook(order, String(p.refundNo), Number(p.amount));
    });
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
          // Written with the order itself, so the event can't be lost between the two.
          outbox: [
            this.events.entry('order.paid', paidEventKey(body.orderNo), { orderNo: body.orderNo }),
          ],
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
    // Effects run on every delivery; each is idempotent, so a replay completes what a crash
    // interrupted (and the outbox sweeper does so without any replay).
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
    const paid = this.events.entry('order.paid', paidEventKey(order.orderNo), {
      orderNo: order.orderNo,
    });
    const waiting = order.outbox?.some((e) => e.key === paid.key);
    await this.events.relay(this.outbox, order, waiting ? [] : [paid]);
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
    await this.members.query.setTotals(memberId, {
      totalSpend: t?.spend ?? 0,
      orderCount: t?.n ?? 0,
    });
  }

  /** What the value job needs of every order of a batch of members. */
  amountsOf(
    memberIds: Types.ObjectId[],
  ): Promise<Array<Pick<OrderDoc, 'memberId' | 'paidAt' | 'amount' | 'refundable'>>> {
    return this.m.Order.find(
      { memberId: { $in: memberIds } },
      { memberId: 1, paidAt: 1, amount: 1, refundable: 1 },
    ).lean();
  }

  estimatedCount(): Promise<number> {
    return this.m.Order.estimatedDocumentCount();
  }

  async recent(memberId: Types.ObjectId, limit = 10): Promise<OrderDoc[]> {
    return this.m.Order.find({ memberId }).sort({ paidAt: -1 }).limit(limit).lean();
  }

  /** One page of the member's orders, newest first (the back office's member 360). */
  async pageOf(memberId: Types.ObjectId, page: number, pageSize: number) {
    const [rows, total] = await Promise.all([
      this.m.Order.find({ memberId })
        .sort({ paidAt: -1, _id: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<OrderDoc[]>(),
      this.m.Order.countDocuments({ memberId }),
    ]);
    return { rows, total };
  }

  /** Up to `limit` of the member's orders paid at or before `at`, newest first (timelines). */
  paidBefore(memberId: Types.ObjectId, at: Date | null, limit: number): Promise<OrderDoc[]> {
    const filter = at ? { memberId, paidAt: { $lte: at } } : { memberId };
    return this.m.Order.find(filter).sort({ paidAt: -1, _id: -1 }).limit(limit).lean<OrderDoc[]>();
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

  /** Orders paid since a date, streamed (the circles' windowed fields). */
  async *streamSince(since: Date) {
    const cursor = this.m.Order.find(
      { paidAt: { $gte: since } },
      { memberId: 1, paidAt: 1, refundable: 1, storeCode: 1, 'items.category': 1 },
    )
      .lean<Pick<OrderDoc, '_id' | 'memberId' | 'paidAt' | 'refundable' | 'storeCode' | 'items'>>()
      .cursor({ batchSize: 10_000 });
    for await (const o of cursor) {
      yield {
        memberId: o.memberId,
        paidAt: o.paidAt,
        refundable: o.refundable,
        storeCode: o.storeCode,
        categories: [...new Set(o.items.map((i) => i.category))],
      };
    }
  }
}
