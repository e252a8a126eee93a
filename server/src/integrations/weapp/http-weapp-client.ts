import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { Logger } from '../../lib/logger';
import { type Expiring, SingleFlightCache } from './single-flight-cache';
import type {
  QrCodeImage,
  SubscribeMessage,
  UnlimitedQrCodeRequest,
  WeappClient,
  WeappPhone,
  WeappSession,
} from './weapp-client';
import { WEAPP_TOKEN_ERRCODES, WeappApiError } from './weapp-errors';

export interface HttpWeappClientOptions {
  appid: string;
  secret: string;
  /** `https://api.weixin.qq.com` in production; the fake's URL in sandbox mode and tests. */
  baseUrl?: string;
  /**
   * `stable` (default) uses /cgi-bin/stable_token, which hands every server instance the same
   * token; `classic` uses /cgi-bin/token, which mints a new one per call (use from one place only).
   */
  tokenMode?: 'stable' | 'classic';
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
  /**
   * Defaults for getwxacodeunlimit. Upstream defaults are `env_version: "release"` and
   * `check_path: true`, which make trial/develop builds and unpublished pages fail with 41030;
   * `checkPath` here defaults to true only for release codes.
   */
  qr?: { envVersion?: WeappEnvVersion; checkPath?: boolean };
  /** Retries after errcode -1 (system busy), with exponential backoff (default 2). */
  busyRetries?: number;
  /** First backoff delay in ms (default 300), doubled per retry, with jitter. */
  busyDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type WeappEnvVersion = 'release' | 'trial' | 'develop';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Body = Record<string, unknown>;
type Attempt<T> = { ok: T } | { errcode: number; errmsg: string };

function errcodeOf(body: Body): number {
  return typeof body.errcode === 'number' ? body.errcode : 0; // success bodies may omit errcode
}

function failure(body: Body): { errcode: number; errmsg: string } {
  return { errcode: errcodeOf(body), errmsg: String(body.errmsg ?? '') };
}

/** `WeappClient` over HTTPS (axios). Construct once per app id; it holds the token cache. */
export class HttpWeappClient implements WeappClient {
  private readonly http: AxiosInstance;
  private readonly tokens: SingleFlightCache<string>;

  constructor(private readonly opts: HttpWeappClientOptions) {
    this.http = axios.create({
      baseURL: opts.baseUrl ?? 'https://api.weixin.qq.com',
      timeout: opts.timeoutMs ?? 5000,
      validateStatus: () => true,
    });
    this.tokens = new SingleFlightCache((force) => this.fetchToken(force), opts.now);
  }

  async code2Session(jsCode: string): Promise<WeappSession> {
    const body = await this.json('code2Session', {
      method: 'GET',
      url: '/sns/jscode2session',
      params: {
        appid: this.opts.appid,
        secret: this.opts.secret,
        js_code: jsCode,
        grant_type: 'authorization_code',
      },
    });
    if (errcodeOf(body) !== 0 || typeof body.openid !== 'string') {
      const f = failure(body);
      throw new WeappApiError('code2Session', f.errcode || -1, f.errmsg || 'no openid');
    }
    return {
      openid: body.openid,
      sessionKey: String(body.session_key ?? ''),
      ...(typeof body.unionid === 'string' ? { unionid: body.unionid } : {}),
    };
  }

  getAccessToken(): Promise<string> {
    return this.tokens.get();
  }

  getPhoneNumber(code: string, openid?: string): Promise<WeappPhone> {
    return this.withToken('getPhoneNumber', async (token) => {
      const body = await this.json('getPhoneNumber', {
        method: 'POST',
        url: '/wxa/business/getuserphonenumber',
        params: { access_token: token },
        data: openid ? { code, openid } : { code },
      });
      if (errcodeOf(body) !== 0) return failure(body);
      const info = (body.phone_info ?? {}) as Body;
      return {
        ok: {
          phoneNumber: String(info.phoneNumber ?? ''),
          purePhoneNumber: String(info.purePhoneNumber ?? ''),
          countryCode: String(info.countryCode ?? ''),
        },
      };
    });
  }

  getUnlimitedQrCode(req: UnlimitedQrCodeRequest): Promise<QrCodeImage> {
    const envVersion = req.envVersion ?? this.opts.qr?.envVersion ?? 'release';
    const data: Body = {
      scene: req.scene,
      env_version: envVersion,
      check_path: req.checkPath ?? this.opts.qr?.checkPath ?? envVersion === 'release',
    };
    if (req.page !== undefined) data.page = req.page;
    if (req.width !== undefined) data.width = req.width;
    return this.withToken('getUnlimitedQrCode', async (token) => {
      const res = await this.send('getUnlimitedQrCode', {
        method: 'POST',
        url: '/wxa/getwxacodeunlimit',
        params: { access_token: token },
        data,
        responseType: 'arraybuffer',
      });
      const bytes = Buffer.from(res.data as ArrayBuffer);
      const contentType = String(res.headers['content-type'] ?? '');
      // Success is raw image bytes; errors are JSON. Only the content type tells them apart.
      if (res.status === 200 && contentType.startsWith('image/')) {
        return { ok: { image: bytes, contentType: contentType.split(';')[0]!.trim() } };
      }
      const body = this.parse('getUnlimitedQrCode', res.status, bytes.toString('utf8'));
      const f = failure(body);
      return f.errcode === 0 ? { errcode: -1, errmsg: `unexpected ${contentType}` } : f;
    });
  }

  sendSubscribeMessage(msg: SubscribeMessage): Promise<{ msgid: string }> {
    const data: Body = {
      touser: msg.touser,
      template_id: msg.templateId,
      data: Object.fromEntries(Object.entries(msg.data).map(([k, v]) => [k, { value: v }])),
    };
    if (msg.page !== undefined) data.page = msg.page;
    if (msg.miniprogramState !== undefined) data.miniprogram_state = msg.miniprogramState;
    if (msg.lang !== undefined) data.lang = msg.lang;
    return this.withToken('sendSubscribeMessage', async (token) => {
      const res = await this.send('sendSubscribeMessage', {
        method: 'POST',
        url: '/cgi-bin/message/subscribe/send',
        params: { access_token: token },
        data,
        responseType: 'text',
      });
      const text = String(res.data ?? '');
      const body = this.parse('sendSubscribeMessage', res.status, text);
      if (errcodeOf(body) !== 0) return failure(body);
      // msgid is a 64-bit number (e.g. 3395159288267931652): JSON.parse would round it.
      const digits = /"msgid"\s*:\s*"?(\d+)/.exec(text)?.[1];
      return { ok: { msgid: digits ?? String(body.msgid ?? '') } };
    });
  }

  /**
   * Runs a token-bearing call; on a token errcode refreshes (single-flight) and retries once.
   * 40001 means the stable token itself is dead: stable_token in normal mode would hand back
   * the same one while it is "valid", so that refresh is a force_refresh (20 a day upstream).
   */
  private async withToken<T>(api: string, attempt: (token: string) => Promise<Attempt<T>>) {
    const token = await this.tokens.get();
    let result = await this.whileBusy(api, () => attempt(token));
    if ('errcode' in result && WEAPP_TOKEN_ERRCODES.has(result.errcode)) {
      const force = result.errcode === 40001 && this.opts.tokenMode !== 'classic';
      this.opts.logger?.warn({ api, errcode: result.errcode, force }, 'weapp token rejected');
      const fresh = await this.tokens.refresh(token, force);
      result = await this.whileBusy(api, () => attempt(fresh));
    }
    if ('errcode' in result) throw new WeappApiError(api, result.errcode, result.errmsg);
    return result.ok;
  }

  /** Repeats an attempt that WeChat answered with -1 (system busy), backing off each time. */
  private async whileBusy<T>(api: string, attempt: () => Promise<Attempt<T>>) {
    const retries = this.opts.busyRetries ?? 2;
    for (let i = 0; ; i++) {
      const result = await attempt();
      if (!('errcode' in result) || result.errcode !== -1 || i >= retries) return result;
      await this.backoff(api, i);
    }
  }

  private backoff(api: string, retry: number): Promise<void> {
    const base = this.opts.busyDelayMs ?? 300;
    this.opts.logger?.warn({ api, retry }, 'weapp system busy, retrying');
    return (this.opts.sleep ?? realSleep)(base * 2 ** retry + Math.random() * (base / 2));
  }

  private async fetchToken(force: boolean): Promise<Expiring<string>> {
    const { appid, secret } = this.opts;
    const once = () =>
      this.opts.tokenMode === 'classic'
        ? this.json('getAccessToken', {
            method: 'GET',
            url: '/cgi-bin/token',
            params: { grant_type: 'client_credential', appid, secret },
          })
        : this.json('getAccessToken', {
            method: 'POST',
            url: '/cgi-bin/stable_token',
            data: { grant_type: 'client_credential', appid, secret, force_refresh: force },
          });
    // Fetching a token changes nothing, so a busy answer or a lost connection is retried too.
    let body: Body = {};
    for (let i = 0; ; i++) {
      try {
        body = await once();
      } catch (e) {
        if (i >= (this.opts.busyRetries ?? 2)) throw e;
        await this.backoff('getAccessToken', i);
        continue;
      }
      if (errcodeOf(body) !== -1 || i >= (this.opts.busyRetries ?? 2)) break;
      await this.backoff('getAccessToken', i);
    }
    if (errcodeOf(body) !== 0 || typeof body.access_token !== 'string') {
      const f = failure(body);
      throw new WeappApiError('getAccessToken', f.errcode || -1, f.errmsg || 'no access_token');
    }
    return { value: body.access_token, expiresIn: Number(body.expires_in ?? 7200) };
  }

  private async json(api: string, config: AxiosRequestConfig): Promise<Body> {
    const res = await this.send(api, { ...config, responseType: 'text' });
    return this.parse(api, res.status, String(res.data ?? ''));
  }

  private parse(api: string, status: number, text: string): Body {
    if (status !== 200) throw new WeappApiError(api, -1, `HTTP ${status}`);
    try {
      const body: unknown = JSON.parse(text);
      if (body && typeof body === 'object') return body as Body;
    } catch {
      // fall through: not JSON
    }
    throw new WeappApiError(api, -1, 'response is not a JSON object');
  }

  private async send(api: string, config: AxiosRequestConfig): Promise<AxiosResponse> {
    try {
      return await this.http.request(config);
    } catch (e) {
      // Transport failures (timeouts, refused connections) count as "system busy".
      const reason = axios.isAxiosError(e) ? (e.code ?? e.message) : String(e);
      throw new WeappApiError(api, -1, `transport: ${reason}`);
    }
  }
}
