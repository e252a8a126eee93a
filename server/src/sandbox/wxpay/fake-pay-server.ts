import { LoopbackServer } from '../common/loopback-server';
import { handlePayRequest } from './fake-pay-api';
import {
  type FakeOrder,
  type FakePayOptions,
  FakePayState,
  type SigningMode,
} from './fake-pay-state';
import { type NotifyOptions, PayNotifier } from './pay-notifier';

/** What the sandbox (and tests) may do on the user's and the platform's side. */
export interface PaySandboxControl {
  /** The user confirms payment; the notification follows unless `notify` is false. */
  pay(outTradeNo: string, opts?: NotifyOptions & { notify?: boolean; openid?: string }): FakeOrder;
  order(outTradeNo: string): FakeOrder | undefined;
  setMode(mode: SigningMode): void;
  flush(): Promise<void>;
}

/**
 * A local api.mch.weixin.qq.com: verifies merchant signatures, keeps order and refund state,
 * signs every answer and delivers encrypted notifications with retries and duplicates.
 */
export class FakePayServer implements PaySandboxControl {
  readonly state: FakePayState;
  readonly notifier: PayNotifier;
  private readonly server: LoopbackServer;

  constructor(opts: FakePayOptions) {
    this.state = new FakePayState(opts);
    this.notifier = new PayNotifier(this.state);
    this.server = new LoopbackServer((req) =>
      handlePayRequest(this.state, req, (no) => this.settleRefund(no)),
    );
  }

  get url(): string {
    return this.server.url;
  }

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  async stop(): Promise<void> {
    this.notifier.stop();
    await this.server.stop();
  }

  pay(
    outTradeNo: string,
    opts: NotifyOptions & { notify?: boolean; openid?: string } = {},
  ): FakeOrder {
    const o = this.state.markPaid(outTradeNo, opts.openid);
    if (!o) throw new Error(`order ${outTradeNo} is not payable`);
    if (opts.notify !== false) {
      this.notifier.notify(
        o.notify_url,
        'TRANSACTION.SUCCESS',
        'transaction',
        this.state.view(o),
        outTradeNo,
        opts,
      );
    }
    return o;
  }

  order(outTradeNo: string): FakeOrder | undefined {
    return this.state.orders.get(outTradeNo);
  }

  setMode(mode: SigningMode): void {
    this.state.mode = mode;
  }

  flush(): Promise<void> {
    return this.notifier.flush();
  }

  private settleRefund(outRefundNo: string): void {
    const r = this.state.refunds.get(outRefundNo);
    if (r?.status !== 'PROCESSING' || r.settleAt !== undefined) return;
    const to = r.settleTo ?? 'SUCCESS';
    r.status = to;
    if (to === 'CLOSED') {
      // 退款关闭: the money stays with the merchant, the order may be refunded again.
      const order = this.state.orders.get(r.out_trade_no);
      if (order) order.refunded -= r.amount.refund;
    }
    if (!r.notify_url) return;
    this.notifier.notify(
      r.notify_url,
      `REFUND.${to}`,
      'refund',
      {
        mchid: this.state.mchid,
        out_trade_no: r.out_trade_no,
        transaction_id: r.transaction_id,
        out_refund_no: r.out_refund_no,
        refund_id: r.refund_id,
        refund_status: to,
        success_time: r.create_time,
        amount: r.amount,
      },
      r.out_trade_no,
    );
  }
}
