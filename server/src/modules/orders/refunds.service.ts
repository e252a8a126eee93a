import { growthForSpend } from '@circles/shared';
import type { z } from 'zod';
import type { refundBody, refundResponse } from '@circles/shared';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import type { GrowthService } from '../growth';
import type { TiersService } from '../tiers';
import type { OrderDoc } from './order.model';
import { type OrdersService, refundEventKey, statusOf } from './orders.service';

type RefundBody = z.infer<typeof refundBody>;
type RefundAnswer = z.infer<typeof refundResponse>;

const MAX_ATTEMPTS = 5;

export class RefundsService {
  constructor(
    private readonly core: Core,
    private readonly orders: OrdersService,
    private readonly growth: GrowthService,
    private readonly tiers: TiersService,
  ) {}

  private answer(order: OrderDoc, refundNo: string): RefundAnswer {
    const r = order.refunds.find((x) => x.refundNo === refundNo)!;
    return {
      orderNo: order.orderNo,
      refundNo,
      amount: r.amount,
      refunded: order.amount - order.refundable,
      growthReversed: r.growthReversed,
      status: statusOf(order),
    };
  }

  /**
   * Partial refunds allowed, never above what is still refundable: one conditional update on
   * the exact refundable amount read, so concurrent refunds can't overdraw. Idempotent by refundNo.
   */
  async refund(orderNo: string, body: RefundBody): Promise<RefundAnswer> {
    const { Order } = this.orders.m;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const order = await Order.findOne({ orderNo }).lean();
      if (!order) throw AppError.of('NOT_FOUND', `订单 ${orderNo} 不存在`);
      const existing = order.refunds.find((r) => r.refundNo === body.refundNo);
      if (existing) {
        if (existing.amount !== body.amount || existing.reason !== body.reason) {
          throw AppError.of('REFUND_CONFLICT', `退款单 ${body.refundNo} 已存在且内容不同`);
        }
        await this.applyEffects(order, body.refundNo);
        return this.answer(order, body.refundNo);
      }
      if (body.amount > order.refundable) {
        throw AppError.of(
          'REFUND_EXCEEDS_PAID',
          `退款金额超过可退金额（可退 ${order.refundable} 分）`,
          {
            refundable: order.refundable,
          },
        );
      }
      const { growthPerYuan } = await this.tiers.ladder();
      const growthReversed =
        growthForSpend(order.refundable, growthPerYuan) -
        growthForSpend(order.refundable - body.amount, growthPerYuan);
      const event = this.orders.events.entry(
        'order.refunded',
        refundEventKey(orderNo, body.refundNo),
        { orderNo, refundNo: body.refundNo, amount: body.amount },
      );
      const updated = await Order.findOneAndUpdate(
        { orderNo, refundable: order.refundable, 'refunds.refundNo': { $ne: body.refundNo } },
        {
          $inc: { refundable: -body.amount },
          $push: { refunds: { ...body, growthReversed, at: this.core.clock.now() }, outbox: event },
        },
        { returnDocument: 'after' },
      ).lean();
      if (!updated) continue;
      await this.applyEffects(updated, body.refundNo);
      return this.answer(updated, body.refundNo);
    }
    throw AppError.of('REFUND_CONFLICT', '退款处理冲突，请重试');
  }

  private async applyEffects(order: OrderDoc, refundNo: string): Promise<void> {
    const r = order.refunds.find((x) => x.refundNo === refundNo)!;
    await this.growth.record({
      memberId: order.memberId,
      delta: -r.growthReversed,
      reason: 'refund',
      sourceType: 'refund',
      sourceId: `${order.orderNo}/${refundNo}`,
      earnedAt: order.paidAt,
      idempotencyKey: `refund:${order.orderNo}:${refundNo}`,
    });
    await this.orders.recomputeTotals(order.memberId);
    const event = this.orders.events.entry(
      'order.refunded',
      refundEventKey(order.orderNo, refundNo),
      {
        orderNo: order.orderNo,
        refundNo,
        amount: r.amount,
      },
    );
    const waiting = order.outbox?.some((e) => e.key === event.key);
    await this.orders.events.relay(this.orders.outbox, order, waiting ? [] : [event]);
    // Growth fell, but tiers only drop at the evaluation date; this keeps upgrades/overrides in step.
    await this.tiers.evaluate(order.memberId);
  }
}
