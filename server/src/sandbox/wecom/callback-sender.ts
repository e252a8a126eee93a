import axios from 'axios';
import type { WeComCrypto } from '../../integrations/wecom/crypto';
import { buildFlatXml } from '../../integrations/wecom/callback-xml';
import type { Clock } from '../common/clock';

export interface CallbackDelivery {
  id: number;
  event: Record<string, string | number>;
  status: 'pending' | 'delivered' | 'failed' | 'no_url';
  attempts: number;
  lastError?: string;
}

export interface CallbackSenderOptions {
  crypto: WeComCrypto;
  agentId: number;
  clock: Clock;
  url?: string;
  /** WeCom drops the connection after 5 s without an answer and tries again. */
  timeoutMs?: number;
  /** Pauses before each retry; WeCom retries three times. */
  retryDelaysMs?: number[];
}

/**
 * Pushes events to the app's callback URL the way WeCom does: inner XML encrypted with 32-byte
 * padding and receiveid = CorpID, wrapped in the envelope, POSTed with msg_signature, timestamp
 * and nonce; a non-200 answer or a timeout is retried with the very same request.
 */
export class CallbackSender {
  readonly deliveries: CallbackDelivery[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;
  private url: string | undefined;

  constructor(private readonly opts: CallbackSenderOptions) {
    this.url = opts.url;
  }

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  /** Queues one event; delivery runs in the background (await `idle()` in tests). */
  send(event: Record<string, string | number>): CallbackDelivery {
    const delivery: CallbackDelivery = {
      id: this.deliveries.length + 1,
      event,
      status: this.url ? 'pending' : 'no_url',
      attempts: 0,
    };
    this.deliveries.push(delivery);
    if (this.url) {
      const p = this.deliver(delivery, this.url).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
    return delivery;
  }

  /** Resolves once every queued delivery has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async deliver(d: CallbackDelivery, url: string): Promise<void> {
    const timestamp = String(Math.floor(this.opts.clock.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e10));
    const { xml, query } = this.opts.crypto.sealEnvelope(buildFlatXml(d.event), {
      agentId: this.opts.agentId,
      timestamp,
      nonce,
    });
    const delays = this.opts.retryDelaysMs ?? [1000, 3000, 5000];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]));
      if (this.stopped) break;
      d.attempts++;
      try {
        const res = await axios.post(url, xml, {
          params: { msg_signature: query.msgSignature, timestamp, nonce },
          headers: { 'Content-Type': 'text/xml' },
          timeout: this.opts.timeoutMs ?? 5000,
          validateStatus: () => true,
          responseType: 'text',
        });
        if (res.status === 200) {
          d.status = 'delivered';
          d.lastError = undefined;
          return;
        }
        d.lastError = `HTTP ${res.status}`;
      } catch (e) {
        d.lastError = axios.isAxiosError(e) ? (e.code ?? e.message) : String(e);
      }
    }
    d.status = 'failed';
  }
}
