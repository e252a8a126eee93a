import axios, { type AxiosInstance } from 'axios';
import type { Logger } from '../../lib/logger';
import { SingleFlightCache } from '../weapp/single-flight-cache';
import { LocalRateLimiter, type TokenBucketOptions, type WeComRateLimiter } from './rate-limiter';
import {
  WECOM_ERR,
  WECOM_RETRYABLE_ERRCODES,
  WECOM_TOKEN_ERRCODES,
  WeComApiError,
} from './wecom-errors';

export type Body = Record<string, unknown>;

export interface WeComTransportOptions {
  baseUrl: string;
  corpId: string;
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Per API path; the default (40/s, burst 100) stays under 10k/min and 150k/hour. */
  rateLimit?: Omit<TokenBucketOptions, 'now' | 'sleep'>;
  /**
   * Shared across server instances (`SharedRateLimiter`); defaults to one for this process
   * built from `rateLimit`.
   */
  rateLimiter?: WeComRateLimiter;
  /** Retries on -1 (and any extra retryable errcode), with exponential backoff. */
  maxRetries?: number;
  baseDelayMs?: number;
}

export interface CallSpec {
  /** The API path under /cgi-bin/, e.g. `externalcontact/get`; also the rate-limit key. */
  api: string;
  secret: string;
  method: 'GET' | 'POST';
  params?: Record<string, string>;
  data?: unknown;
  /** Safe to resend after a timeout (the request may have been applied). */
  idempotent?: boolean;
  /** More errcodes worth retrying for this call, e.g. 41096 for send_welcome_msg. */
  retryOn?: ReadonlySet<number>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Tokens per secret, rate limiting, token refresh and backoff, shared by all WeCom calls. */
export class WeComTransport {
  private readonly http: AxiosInstance;
  private readonly tokens = new Map<string, SingleFlightCache<string>>();
  private readonly limiter: WeComRateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: WeComTransportOptions) {
    this.http = axios.create({
      baseURL: opts.baseUrl,
      timeout: opts.timeoutMs ?? 5000,
      validateStatus: () => true,
      responseType: 'text',
    });
    this.sleep = opts.sleep ?? realSleep;
    this.limiter = opts.rateLimiter ?? localLimiter(opts, this.sleep);
  }

  token(secret: string): Promise<string> {
    return this.cache(secret).get();
  }

  async call(spec: CallSpec): Promise<Body> {
    const maxRetries = this.opts.maxRetries ?? 3;
    let tokenRefreshed = false;
    let retries = 0;
    for (;;) {
      await this.limiter.acquire(spec.api);
      const cache = this.cache(spec.secret);
      const token = await cache.get();
      const { body, transport } = await this.send(spec, token);
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
      if (errcode === 0) return body;
      const errmsg = String(body.errmsg ?? '');
      if (errcode === WECOM_ERR.rateLimited) {
        // Retrying within seconds only extends the block: record it for every instance.
        const ms = await this.limiter.penalize(spec.api);
        this.opts.logger?.warn({ api: spec.api, cooldownMs: ms }, 'wecom 45009, cooling down');
        throw new WeComApiError(spec.api, errcode, errmsg, ms);
      }
      if (WECOM_TOKEN_ERRCODES.has(errcode) && !tokenRefreshed) {
        tokenRefreshed = true;
        this.opts.logger?.warn({ api: spec.api, errcode }, 'wecom access token rejected');
        cache.invalidate(token);
        continue;
      }
      const retryable =
        (WECOM_RETRYABLE_ERRCODES.has(errcode) || spec.retryOn?.has(errcode)) &&
        (!transport || spec.idempotent === true || spec.method === 'GET');
      if (retryable && retries < maxRetries) {
        const base = this.opts.baseDelayMs ?? 200;
        const delay = base * 2 ** retries + Math.random() * (base / 2);
        retries++;
        this.opts.logger?.warn({ api: spec.api, errcode, retries }, 'wecom call retrying');
        await this.sleep(delay);
        continue;
      }
      throw new WeComApiError(spec.api, errcode, errmsg);
    }
  }

  private cache(secret: string): SingleFlightCache<string> {
    let c = this.tokens.get(secret);
    if (!c) {
      c = new SingleFlightCache(() => this.fetchToken(secret), this.opts.now);
      this.tokens.set(secret, c);
    }
    return c;
  }

  private async fetchToken(secret: string) {
    const { body } = await this.send({
      api: 'gettoken',
      secret,
      method: 'GET',
      params: { corpid: this.opts.corpId, corpsecret: secret },
    });
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0 || typeof body.access_token !== 'string') {
      throw new WeComApiError('gettoken', errcode || -1, String(body.errmsg ?? 'no access_token'));
    }
    return { value: body.access_token, expiresIn: Number(body.expires_in ?? 7200) };
  }

  /** One HTTP exchange. Transport failures come back as errcode -1 with `transport: true`. */
  private async send(spec: CallSpec, token?: string): Promise<{ body: Body; transport: boolean }> {
    const params = token ? { ...spec.params, access_token: token } : spec.params;
    try {
      const res = await this.http.request({
        method: spec.method,
        url: `/cgi-bin/${spec.api}`,
        params,
        data: spec.data,
      });
      if (res.status !== 200) {
        return { body: { errcode: -1, errmsg: `HTTP ${res.status}` }, transport: true };
      }
      const body: unknown = JSON.parse(String(res.data));
      if (body && typeof body === 'object') return { body: body as Body, transport: false };
      return { body: { errcode: -1, errmsg: 'response is not a JSON object' }, transport: true };
    } catch (e) {
      const reason = axios.isAxiosError(e) ? (e.code ?? e.message) : String(e);
      return { body: { errcode: -1, errmsg: `transport: ${reason}` }, transport: true };
    }
  }
}

/** The default when no shared limiter is given: this process only. */
export function localLimiter(
  opts: Pick<WeComTransportOptions, 'rateLimit' | 'now'>,
  sleep?: (ms: number) => Promise<void>,
): LocalRateLimiter {
  return new LocalRateLimiter({
    ...(opts.rateLimit ?? { ratePerSec: 40, capacity: 100 }),
    now: opts.now,
    sleep,
  });
}
