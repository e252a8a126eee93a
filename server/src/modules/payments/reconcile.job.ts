import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { PayModels, PayOrderDoc } from './payments.model';
import type { PaymentsService } from './payments.service';
import type { PayRefunds } from './refunds';

const JOB = 'wxpay-reconcile';
const LEASE_MS = 5 * 60_000;
/** Orders younger than this are left to their notification. */
const GRACE_MS = 5 * 60_000;

export interface ReconcileReport {
  checked: number;
  applied: number;
  closed: number;
  refundsChecked: number;
}

/**
 * Catches what notifications missed: pending orders are queried (SUCCESS → applied once,
 * unpaid past expiry → closed), paid-but-unapplied orders are applied, refunds still
 * PROCESSING are queried. Every action is idempotent, so a killed run is simply run again.
 */
export class PayReconcileJob {
  private readonly leases: JobLeases;

  constructor(
    private readonly core: Core,
    private readonly m: PayModels,
    private readonly payments: PaymentsService,
    private readonly refunds: PayRefunds,
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
  }

  async run(): Promise<ReconcileReport | null> {
    if (!this.payments.enabled) return null;
    if (!(await this.leases.acquire(JOB, LEASE_MS))) return null;
    const report: ReconcileReport = { checked: 0, applied: 0, closed: 0, refundsChecked: 0 };
    try {
      const now = this.core.clock.now();
      const before = new Date(now.getTime() - GRACE_MS);
      const due = this.m.PayOrder.find({
        $or: [
          { status: 'pending', createdAt: { $lte: before } },
          { status: 'paid', appliedAt: null },
        ],
      })
        .sort({ _id: 1 })
        .lean()
        .cursor();
      for await (const order of due) {
        report.checked++;
        await this.reconcileOrder(order, now, report);
        await this.leases.checkpoint(JOB, String(order._id), LEASE_MS);
      }
      const refunds = this.m.PayRefund.find({
        status: { $in: ['PROCESSING', 'ABNORMAL'] },
        createdAt: { $lte: before },
      })
        .lean()
        .cursor();
      for await (const r of refunds) {
        report.refundsChecked++;
        await this.refunds.reconcile(r);
      }
    } finally {
      await this.leases.release(JOB);
    }
    this.core.logger.info(report, 'wxpay reconciliation finished');
    return report;
  }

  private async reconcileOrder(order: PayOrderDoc, now: Date, report: ReconcileReport) {
    if (order.status === 'paid') {
      await this.payments.apply(order);
      report.applied++;
      return;
    }
    const gateway = this.payments.gateway();
    const tx = await gateway.query(order.outTradeNo);
    if (tx?.trade_state === 'SUCCESS') {
      if ((await this.payments.settle(tx)) === 'applied') report.applied++;
      return;
    }
    if (order.expiresAt > now) return;
    // Closing first means a payment can no longer land on an order we mark closed.
    if (tx && (tx.trade_state === 'NOTPAY' || tx.trade_state === 'USERPAYING')) {
      try {
        await gateway.close(order.outTradeNo);
      } catch (err) {
        // Paid between our query and the close (ORDERPAID): apply it instead.
        const again = await gateway.query(order.outTradeNo);
        if (again?.trade_state !== 'SUCCESS') throw err;
        if ((await this.payments.settle(again)) === 'applied') report.applied++;
        return;
      }
    }
    const closed = await this.m.PayOrder.updateOne(
      { _id: order._id, status: 'pending' },
      { $set: { status: 'closed' } },
    );
    if (closed.modifiedCount === 1) report.closed++;
  }
}
