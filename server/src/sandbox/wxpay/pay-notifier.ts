import { randomUUID } from 'node:crypto';
import { encryptGcm } from '../../integrations/wxpay/gcm';
import { nonce, responseMessage, rsaSign, unixSeconds } from '../../integrations/wxpay/signing';
import type { FakePayState } from './fake-pay-state';

/** WeChat Pay's documented retry intervals after a failed delivery (seconds). */
const RETRY_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export interface Delivery {
  id: string;
  url: string;
  eventType: string;
  outTradeNo: string;
  attempts: number;
  statuses: number[];
  delivered: boolean;
}

export interface NotifyOptions {
  /** Extra copies sent after the first success (duplicates are normal on the real platform). */
  duplicates?: number;
}

/**
 * Sends signed, AES-256-GCM-encrypted notifications the way WeChat Pay does, retrying on
 * non-2xx on the documented schedule (scaled by `retryScale`, so demos and tests need not wait
 * minutes).
 */
export class PayNotifier {
  readonly deliveries: Delivery[] = [];
  retryScale = 1;
  private readonly inflight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly state: FakePayState) {}

  notify(
    url: string,
    eventType: string,
    originalType: 'transaction' | 'refund',
    resource: object,
    outTradeNo: string,
    opts: NotifyOptions = {},
  ): Delivery {
    const { id, body: envelope } = this.envelope(eventType, originalType, resource);
    const delivery: Delivery = {
      id,
      url,
      eventType,
      outTradeNo,
      attempts: 0,
      statuses: [],
      delivered: false,
    };
    this.deliveries.push(delivery);
    this.track(this.attempt(delivery, envelope, opts.duplicates ?? 0));
    return delivery;
  }

  /** The notification body WeChat Pay would send (resource encrypted with the APIv3 key). */
  envelope(
    eventType: string,
    originalType: string,
    resource: object,
  ): { id: string; body: string } {
    const id = randomUUID();
    const body = JSON.stringify({
      id,
      create_time: new Date(this.state.clock.now()).toISOString(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType.startsWith('REFUND') ? '退款成功' : '支付成功',
      resource: {
        original_type: originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ...encryptGcm(JSON.stringify(resource), this.state.apiV3Key, originalType),
      },
    });
    return { id, body };
  }

  /** Signs at send time, as the platform does, so every retry carries a fresh timestamp. */
  headers(body: string): Record<string, string> {
    const { serial, privateKey } = this.state.signer('notification');
    const ts = unixSeconds(this.state.clock.now());
    const n = nonce();
    return {
      'Content-Type': 'application/json',
      'Wechatpay-Serial': serial,
      'Wechatpay-Timestamp': ts,
      'Wechatpay-Nonce': n,
      'Wechatpay-Signature': rsaSign(privateKey, responseMessage(ts, n, body)),
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    };
  }

  /** Resolves when no delivery is in flight (scheduled retries are not awaited). */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async attempt(d: Delivery, body: string, duplicates: number): Promise<void> {
    d.attempts += 1;
    const status = await this.post(d.url, body);
    d.statuses.push(status);
    if (status >= 200 && status < 300) {
      d.delivered = true;
      for (let i = 0; i < duplicates; i++) d.statuses.push(await this.post(d.url, body));
      return;
    }
    const wait = RETRY_SECONDS[d.attempts - 1];
    if (wait === undefined) return; // the platform gives up; reconciliation must find it
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.track(this.attempt(d, body, duplicates));
      },
      wait * 1000 * this.retryScale,
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async post(url: string, body: string): Promise<number> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: this.headers(body),
        body,
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }
}
