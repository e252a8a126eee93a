import axios, { type AxiosInstance } from 'axios';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';

export const WECHAT_PAY_HOST = 'https://api.mch.weixin.qq.com';

export type ResponseVerifier = (
  headers: Record<string, string>,
  rawBody: string,
  path: string,
) => Promise<void>;

/**
 * The seam wechatpay-node-v3 offers (`createHttp`): its URLs are hard-coded to the production
 * host, so this rewrites the host (signatures cover only the path) and sends the exact JSON the
 * library signed. Successful answers are checked against WeChat Pay's response signature.
 */
export class PayHttp implements IPayRequest {
  private readonly http: AxiosInstance;

  /**
   * `extraHeaders`: in public-key mode `Wechatpay-Serial: PUB_KEY_ID_…`, which tells WeChat Pay
   * to sign its answers with the public key (while switching from certificates, answers are
   * signed with whichever key the request names).
   */
  constructor(
    private readonly baseUrl: string,
    private readonly verify: ResponseVerifier,
    timeoutMs = 10_000,
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    // Raw text in, so the signature is checked over the bytes WeChat Pay signed.
    this.http = axios.create({
      timeout: timeoutMs,
      transformResponse: (r: unknown) => r,
      validateStatus: () => true,
      responseType: 'text',
    });
  }

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>) {
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>) {
    return this.send('GET', url, headers);
  }

  upload(): Promise<Output> {
    return Promise.reject(new Error('media upload is not used by Circles'));
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Output> {
    const path = url.startsWith(WECHAT_PAY_HOST) ? url.slice(WECHAT_PAY_HOST.length) : url;
    // The library asks for gzip; axios would then hand us decoded text anyway, but keep it plain.
    const { 'Accept-Encoding': _gzip, ...sent } = headers;
    const res = await this.http.request<string>({
      method,
      url: `${this.baseUrl}${path}`,
      headers: { ...sent, ...this.extraHeaders },
      data: body,
    });
    const text = typeof res.data === 'string' ? res.data : '';
    const parsed = parseJson(text);
    if (res.status < 200 || res.status >= 300) {
      return { status: res.status, error: text, errRaw: parsed };
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') flat[k] = v;
    await this.verify(flat, text, path);
    return { status: res.status, data: parsed };
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
