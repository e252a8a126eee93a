import { randomInt } from 'node:crypto';
import type { PayOrderCreated, PayOrderView, PayPlansResponse } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { PaySetup } from '../../integrations/wxpay/build';
import type { PayTransaction } from '../../integrations/wxpay/pay-gateway';
import type { DomainEvents, OutboxSource } from '../../platform/events';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { MembershipsService } from './memberships';
import type { PayKind, PayModels, PayOrderDoc } from './payments.model';
import { findPlan, MEMBERSHIP_PLANS, TOP_UP_PLANS } from './plans';
import { topUpKeyOf, type WalletPort } from './ports';
import { payOrderView } from './views';

/** How long a prepay stays payable; the reconciliation job closes it afterwards. */
export const PAY_WINDOW_MS = 30 * 60_000;

export type SettleOutcome = 'applied' | 'already_applied' | 'rejected';

function outTradeNo(now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `CP${stamp}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

/** Pay orders for top-ups and paid membership, and applying a payment exactly once. */
export class PaymentsService {
  constructor(
    private readonly core: Core,
    private readonly m: PayModels,
    private readonly pay: PaySetup | null,
    private readonly members: MembersService,
    private readonly wallet: WalletPort,
    readonly memberships: MembershipsService,
    private readonly events: DomainEvents,
  ) {
    this.outbox = { name: 'pay_orders', model: this.m.PayOrder as never };
    events.source(this.outbox);
  }

  /** Where wallet.topped_up events wait until relayed. */
  private readonly outbox: OutboxSource;

  get enabled(): boolean {
    return this.pay !== null;
  }

  notifyUrl(): string {
    return this.pay?.notifyUrl() ?? '';
  }

  gateway() {
    if (!this.pay) throw AppError.of('PAY_DISABLED', '微信支付暂未开通');
    return this.pay.gateway;
  }

  async plans(memberId: Types.ObjectId): Promise<PayPlansResponse> {
    const topUps = await Promise.all(
      TOP_UP_PLANS.map(async (p) => ({ ...p, bonus: await this.wallet.bonusFor(p.amount) })),
    );
    return {
      payEnabled: this.enabled,
      sandbox: this.core.config.sandbox,
      topUps,
      memberships: MEMBERSHIP_PLANS.map((p) => ({ ...p })),
      membership: await this.memberships.view(memberId),
    };
  }

  async create(
    memberId: Types.ObjectId,
    kind: PayKind,
    planCode: string,
  ): Promise<PayOrderCreated> {
    const gateway = this.gateway();
    const plan = findPlan(kind, planCode);
    if (!plan) {
      throw AppError.of('PAY_PLAN_NOT_FOUND', '该套餐不存在或已下架', {
        fields: [{ path: 'body.planCode', message: 'unknown plan' }],
      });
    }
    const openid = (await this.members.identitiesOf(memberId)).find((i) => i.kind === 'openid');
    if (!openid) throw AppError.of('PAY_OPENID_MISSING', '请在微信小程序内登录后再支付');
    const now = this.core.clock.now();
    const doc = (
      await this.m.PayOrder.create({
        outTradeNo: outTradeNo(now),
        memberId,
        openid: openid.value,
        kind,
        planCode: plan.code,
        description: plan.name,
        amount: plan.amount,
        expiresAt: new Date(now.getTime() + PAY_WINDOW_MS),
      })
    ).toObject();
    const { prepayId: _prepayId, ...payment } = await gateway.prepay({
      outTradeNo: doc.outTradeNo,
      description: doc.description,
      total: doc.amount,
      openid: doc.openid,
      notifyUrl: this.notifyUrl(),
      expiresAt: doc.expiresAt,
      attach: kind,
    });
    return { order: payOrderView(doc), payment };
  }

  async orderOf(memberId: Types.ObjectId, no: string): Promise<PayOrderView> {
    const doc = await this.m.PayOrder.findOne({ outTradeNo: no, memberId }).lean();
    if (!doc) throw AppError.of('PAY_ORDER_NOT_FOUND', '支付订单不存在');
    return payOrderView(doc);
  }

  async list(q: { page: number; pageSize: number; status?: PayOrderDoc['status'] }) {
    const filter = q.status ? { status: q.status } : {};
    const [items, total] = await Promise.all([
      this.m.PayOrder.find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      this.m.PayOrder.countDocuments(filter),
    ]);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * A successful transaction from a notification or a query: checked against the order we
   * created (merchant, app, amount), marked paid once, then applied once.
   */
  async settle(tx: PayTransaction): Promise<SettleOutcome> {
    const gateway = this.gateway();
    const order = await this.m.PayOrder.findOne({ outTradeNo: tx.out_trade_no }).lean();
    const problem = !order
      ? 'unknown out_trade_no'
      : tx.mchid !== gateway.mchid
        ? 'mchid mismatch'
        : tx.appid !== gateway.appid
          ? 'appid mismatch'
          : tx.amount.total !== order.amount
            ? 'amount mismatch'
            : tx.trade_state !== 'SUCCESS'
              ? `trade_state ${tx.trade_state}`
              : null;
    if (problem || !order) {
      this.core.logger.warn({ outTradeNo: tx.out_trade_no, problem }, 'wxpay transaction rejected');
      return 'rejected';
    }
    // A late payment of an order we already closed is still money received: it is applied.
    const paid = await this.m.PayOrder.findOneAndUpdate(
      { _id: order._id, status: { $in: ['pending', 'closed'] } },
      {
        $set: {
          status: 'paid',
          transactionId: tx.transaction_id ?? null,
          paidAt: tx.success_time ? new Date(tx.success_time) : this.core.clock.now(),
        },
      },
      { returnDocument: 'after' },
    ).lean();
    const current = paid ?? (await this.m.PayOrder.findById(order._id).lean());
    if (!current || current.appliedAt) return 'already_applied';
    await this.apply(current);
    return paid ? 'applied' : 'already_applied';
  }

  /** The effect of a paid order; each step is idempotent by outTradeNo, so reruns are safe. */
  async apply(order: PayOrderDoc): Promise<void> {
    if (order.kind === 'topup') {
      await this.wallet.topUp({
        memberId: order.memberId,
        principal: order.amount,
        sourceType: 'wxpay',
        sourceId: order.outTradeNo,
        idempotencyKey: topUpKeyOf(order.outTradeNo),
        note: `微信支付 ${order.description}`,
      });
    } else {
      await this.memberships.activate(order);
    }
    // The top-up's event is written with the mark that it was applied, then relayed.
    const toppedUp =
      order.kind === 'topup'
        ? this.events.entry('wallet.topped_up', `wallet.topped_up:${order.outTradeNo}`, {
            memberId: String(order.memberId),
            outTradeNo: order.outTradeNo,
            amount: order.amount,
          })
        : null;
    const applied = await this.m.PayOrder.findOneAndUpdate(
      { _id: order._id, appliedAt: null },
      {
        $set: { appliedAt: this.core.clock.now() },
        ...(toppedUp ? { $push: { outbox: toppedUp } } : {}),
      },
      { returnDocument: 'after' },
    ).lean();
    if (applied) await this.events.relay(this.outbox, applied);
    this.core.logger.info(
      { outTradeNo: order.outTradeNo, kind: order.kind, amount: order.amount },
      'pay order applied',
    );
  }
}
