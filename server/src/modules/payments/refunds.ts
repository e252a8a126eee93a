import type { PayRefundView } from '@circles/shared';
import type { Core } from '../../core';
import { PayError, type PayRefund, type RefundNotice } from '../../integrations/wxpay/pay-gateway';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembershipsService } from './memberships';
import type { PayModels, PayRefundDoc, RefundState } from './payments.model';
import type { PaymentsService } from './payments.service';
import type { RefundAlertsPort, WalletPort } from './ports';
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
    private readonly alerts: RefundAlertsPort,
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
    // A refund that ended (given back, or paid out) is never counted or asked again.
    if (r.revertedAt || r.status === 'CLOSED' || r.status === 'SUCCESS') return r;
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
    return this.ask(r, amount, order.amount);
  }

  /**
   * Asks WeChat Pay. 退款最佳实践: on any answer other than 200, query the refund before
   * deciding; 429 FREQUENCY_LIMITED and 403 NOT_ENOUGH (and 5xx) are retried later with the
   * same out_refund_no and amount (reconciliation); only a refund that provably does not exist
   * after a 400/404 counts as failed (CLOSED), which gives the stored value back.
   */
  private async ask(r: PayRefundDoc, amount: number, total: number): Promise<PayRefundDoc> {
    const gateway = this.payments.gateway();
    const no = r.outRefundNo;
    try {
      const answer = await gateway.refund({
        outTradeNo: r.outTradeNo,
        outRefundNo: no,
        refund: amount,
        total,
        reason: r.reason,
        notifyUrl: this.payments.notifyUrl(),
      });
      await this.accepted(no, answer.refund_id);
      return await this.settle(no, answer.status);
    } catch (err) {
      const found = await gateway.queryRefund(no).catch((qErr: unknown) => {
        this.core.logger.warn({ err: qErr, outRefundNo: no }, 'wxpay refund query failed');
        return undefined;
      });
      if (found) {
        await this.accepted(no, found.refund_id);
        return this.settle(no, found.status);
      }
      const status = err instanceof PayError ? err.status : undefined;
      const wxCode = err instanceof PayError ? err.wxCode : undefined;
      await this.m.PayRefund.updateOne(
        { outRefundNo: no },
        { $set: { lastError: `${status ?? 'transport'} ${wxCode ?? String(err)}`.slice(0, 200) } },
      );
      if (found === null && (status === 400 || status === 404)) {
        this.core.logger.warn({ outRefundNo: no, wxCode }, 'wxpay refund refused for good');
        return this.settle(no, 'CLOSED');
      }
      this.core.logger.warn(
        { outRefundNo: no, status, wxCode },
        'wxpay refund pending; retried later',
      );
      return this.load(no);
    }
  }

  private async accepted(outRefundNo: string, refundId: string | undefined): Promise<void> {
    if (!refundId) return;
    await this.m.PayRefund.updateOne({ outRefundNo }, { $set: { refundId, lastError: null } });
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
    // SUCCESS and CLOSED are final; ABNORMAL may still move on once ops release it.
    await this.m.PayRefund.updateOne(
      { outRefundNo, status: { $in: ['PROCESSING', 'ABNORMAL'], $ne: status } },
      { $set: { status } },
    );
    const r = await this.load(outRefundNo);
    if (r.status === 'SUCCESS') {
      const order = await this.m.PayOrder.findOne({ outTradeNo: r.outTradeNo }).lean();
      if (order && order.refunded >= order.amount) {
        await this.m.PayOrder.updateOne(
          { _id: order._id, status: 'paid' },
          { $set: { status: 'refunded' } },
        );
      }
    } else if (r.status === 'CLOSED' && !r.revertedAt) {
      await this.revert(r);
    } else if (r.status === 'ABNORMAL') {
      // The money sits in WeChat Pay's abnormal-refund account: not "not refunded". Never give
      // the stored value back; ops release it (apply-abnormal-refund) or in the merchant console.
      await this.alerts.raise({
        kind: 'wxpay_refund_abnormal',
        memberId: r.memberId,
        severity: 'critical',
        title: '微信退款异常，需人工处理',
        detail: `退款单 ${outRefundNo}（订单 ${r.outTradeNo}，${(r.amount ?? 0) / 100} 元）退款异常：请在运营后台发起异常退款（退至商户银行账户）或在商户平台处理`,
        dedupeKey: `wxpay_refund_abnormal:${outRefundNo}`,
      });
    }
    return this.load(outRefundNo);
  }

  /** Ops release an ABNORMAL refund to the merchant's bank account (发起异常退款). */
  async applyAbnormal(outRefundNo: string): Promise<PayRefundView> {
    const r = await this.m.PayRefund.findOne({ outRefundNo }).lean();
    if (!r) throw AppError.of('NOT_FOUND', '退款单不存在');
    if (r.status !== 'ABNORMAL') {
      throw new AppError(
        'conflict',
        'PAY_REFUND_NOT_ABNORMAL',
        '只有退款异常的退款单可以发起异常退款',
      );
    }
    const gateway = this.payments.gateway();
    const refundId = r.refundId ?? (await gateway.queryRefund(outRefundNo))?.refund_id;
    if (!refundId) throw AppError.of('NOT_FOUND', '微信支付没有这笔退款');
    const answer = await gateway.applyAbnormalRefund(refundId, outRefundNo);
    return payRefundView(await this.settle(outRefundNo, answer.status));
  }

  async view(outRefundNo: string): Promise<PayRefundView> {
    return payRefundView(await this.load(outRefundNo));
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

  /**
   * Reconciliation: PROCESSING and ABNORMAL refunds are queried; one WeChat Pay never took
   * (429, 403 NOT_ENOUGH, 5xx) is asked again with the same out_refund_no.
   */
  async reconcile(r: PayRefundDoc): Promise<void> {
    const found: PayRefund | null = await this.payments.gateway().queryRefund(r.outRefundNo);
    if (found) {
      await this.accepted(r.outRefundNo, found.refund_id);
      await this.settle(r.outRefundNo, found.status);
    } else if (r.status === 'PROCESSING') {
      await this.resume(r.outRefundNo).catch((err) =>
        this.core.logger.warn({ err }, 'refund retry'),
      );
    }
  }

  private async load(outRefundNo: string): Promise<PayRefundDoc> {
    const r = await this.m.PayRefund.findOne({ outRefundNo }).lean();
    if (!r) throw new Error(`refund ${outRefundNo} vanished`);
    return r;
  }
}
