import type { PayRefundView } from '@circles/shared';
import type { Core } from '../../container';
import { PayError, type PayRefund, type RefundNotice } from '../../integrations/wxpay/pay-gateway';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembershipsService } from './memberships';
import type { PayModels, PayRefundDoc, RefundState } from './payments.model';
import type { PaymentsService } from './payments.service';
import type { WalletPort } from './ports';
import { payRefundView } from './views';

/**
 * Refunds of paid orders. One refund per order (out_refund_no derives from out_trade_no), run
 * as idempotent steps so a retry or the reconciliation job resumes a refund cut short:
 * take back (unspent principal / unused days) → count it on the order → ask WeChat Pay.
 */
export class PayRefunds {
  constructor(
    private readonly core: Core,
    private readonly m: PayModels,
    private readonly payments: PaymentsService,
    private readonly memberships: MembershipsService,
    private readonly wallet: WalletPort,
  ) {}

  async refund(outTradeNo: string, reason: string, by: string): Promise<PayRefundView> {
    const order = await this.m.PayOrder.findOne({ outTradeNo }).lean();
    if (!order) throw AppError.of('PAY_ORDER_NOT_FOUND', '支付订单不存在');
    if (!order.appliedAt || (order.status !== 'paid' && order.status !== 'refunded')) {
      throw AppError.of('PAY_NOT_REFUNDABLE', '订单未支付或尚未入账，不能退款');
    }
    const outRefundNo = `RF${outTradeNo}`;
    try {
      await this.m.PayRefund.create({
        outRefundNo,
        outTradeNo,
        memberId: order.memberId,
        kind: order.kind,
        reason,
        by,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return payRefundView(await this.resume(outRefundNo));
  }

  /** Runs whatever steps of a refund are still due; every step is idempotent. */
  async resume(outRefundNo: string): Promise<PayRefundDoc> {
    let r = await this.load(outRefundNo);
    const order = await this.m.PayOrder.findOne({ outTradeNo: r.outTradeNo }).lean();
    if (!order) throw new Error(`refund ${outRefundNo} has no order`);
    if (r.amount === null) r = await this.takeBack(r, order.amount - order.refunded);
    const amount = r.amount ?? 0;
    if (amount === 0) {
      await this.settle(outRefundNo, 'CLOSED');
      throw AppError.of('PAY_NOT_REFUNDABLE', '没有可退的金额（储值本金已用完或会员期已结束）');
    }
    await this.m.PayOrder.updateOne(
      {
        _id: order._id,
        refundNos: { $ne: outRefundNo },
        refunded: { $lte: order.amount - amount },
      },
      { $inc: { refunded: amount }, $push: { refundNos: outRefundNo } },
    );
    if (r.status !== 'PROCESSING') return r;
    try {
      const answer = await this.payments.gateway().refund({
        outTradeNo: r.outTradeNo,
        outRefundNo,
        refund: amount,
        total: order.amount,
        reason: r.reason,
        notifyUrl: this.payments.notifyUrl(),
      });
      return await this.settle(answer.out_refund_no, answer.status);
    } catch (err) {
      // A 4xx is WeChat Pay's final no; anything else is retried by the reconciliation job.
      if (err instanceof PayError && err.status && err.status < 500 && err.code === 'UPSTREAM') {
        this.core.logger.warn({ outRefundNo, wxCode: err.wxCode }, 'wxpay refund refused');
        return this.settle(outRefundNo, 'ABNORMAL');
      }
      this.core.logger.warn({ err, outRefundNo }, 'wxpay refund not sent; reconciliation retries');
      return r;
    }
  }

  private async takeBack(r: PayRefundDoc, left: number): Promise<PayRefundDoc> {
    let fields: Partial<PayRefundDoc>;
    if (r.kind === 'topup') {
      const taken = await this.wallet.refundTopUp({
        memberId: r.memberId,
        topUpSourceId: r.outTradeNo,
        topUpSourceType: 'wxpay',
        maxPrincipal: left,
        idempotencyKey: `wxpay-refund:${r.outRefundNo}`,
        reason: r.reason,
      });
      fields = {
        amount: taken.principal,
        walletPrincipal: taken.principal,
        walletBonusForfeited: taken.bonus,
      };
    } else {
      const order = await this.m.PayOrder.findOne({ outTradeNo: r.outTradeNo }).lean();
      const amount = order ? Math.min(left, await this.memberships.refundable(order)) : 0;
      if (amount > 0) await this.memberships.endEarly(r.outTradeNo);
      fields = { amount };
    }
    await this.m.PayRefund.updateOne({ _id: r._id, amount: null }, { $set: fields });
    return this.load(r.outRefundNo);
  }

  /** A refund's final state, from the refund answer, a notification or a query; applied once. */
  async settle(outRefundNo: string, status: RefundState): Promise<PayRefundDoc> {
    if (status !== 'PROCESSING') {
      await this.m.PayRefund.updateOne({ outRefundNo, status: 'PROCESSING' }, { $set: { status } });
    }
    const r = await this.load(outRefundNo);
    if (r.status === 'SUCCESS') {
      const order = await this.m.PayOrder.findOne({ outTradeNo: r.outTradeNo }).lean();
      if (order && order.refunded >= order.amount) {
        await this.m.PayOrder.updateOne(
          { _id: order._id, status: 'paid' },
          { $set: { status: 'refunded' } },
        );
      }
    } else if ((r.status === 'CLOSED' || r.status === 'ABNORMAL') && !r.revertedAt) {
      await this.revert(r);
    }
    return this.load(outRefundNo);
  }

  /** A refund WeChat Pay did not carry out gives back what it took. */
  private async revert(r: PayRefundDoc): Promise<void> {
    if (r.kind === 'topup' && r.walletPrincipal + r.walletBonusForfeited > 0) {
      await this.wallet.topUp({
        memberId: r.memberId,
        principal: r.walletPrincipal,
        bonus: r.walletBonusForfeited,
        sourceType: 'wxpay_refund_failed',
        sourceId: r.outRefundNo,
        idempotencyKey: `wxpay-refund-revert:${r.outRefundNo}`,
        note: '微信退款未成功，储值已退回',
      });
    }
    if (r.amount) {
      await this.m.PayOrder.updateOne(
        { outTradeNo: r.outTradeNo, refundNos: r.outRefundNo },
        { $inc: { refunded: -r.amount }, $pull: { refundNos: r.outRefundNo } },
      );
    }
    await this.m.PayRefund.updateOne(
      { _id: r._id, revertedAt: null },
      { $set: { revertedAt: this.core.clock.now() } },
    );
  }

  async onNotice(notice: RefundNotice): Promise<void> {
    const r = await this.m.PayRefund.findOne({ outRefundNo: notice.out_refund_no }).lean();
    if (!r || r.outTradeNo !== notice.out_trade_no || r.amount !== notice.amount.refund) {
      this.core.logger.warn({ outRefundNo: notice.out_refund_no }, 'wxpay refund notice rejected');
      throw AppError.of('VALIDATION_FAILED', 'refund notice does not match a refund');
    }
    await this.settle(r.outRefundNo, notice.refund_status);
  }

  /** Reconciliation: refunds still PROCESSING are queried (or re-requested if never sent). */
  async reconcile(r: PayRefundDoc): Promise<void> {
    const found: PayRefund | null = await this.payments.gateway().queryRefund(r.outRefundNo);
    if (found) await this.settle(r.outRefundNo, found.status);
    else
      await this.resume(r.outRefundNo).catch((err) =>
        this.core.logger.warn({ err }, 'refund retry'),
      );
  }

  private async load(outRefundNo: string): Promise<PayRefundDoc> {
    const r = await this.m.PayRefund.findOne({ outRefundNo }).lean();
    if (!r) throw new Error(`refund ${outRefundNo} vanished`);
    return r;
  }
}
