import { beijingRfc3339 } from '@circles/shared';
import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { Logger } from '../../lib/logger';
import { CertificateRefresher } from './certificate-refresher';
import { openNotification } from './notification';
import {
  type NotificationRequest,
  type PaymentParams,
  type PayGateway,
  PayError,
  type PayNotification,
  type PayRefund,
  type PayTransaction,
  type PrepayInput,
  type RefundInput,
} from './pay-gateway';
import { PayHttp, WECHAT_PAY_HOST } from './pay-http';
import { type EncryptedCertificate, PlatformKeys } from './platform-keys';
import { MAX_SKEW_SECONDS, nonce, responseMessage, rsaVerify, unixSeconds } from './signing';

export interface WechatPayOptions {
  appid: string;
  mchid: string;
  /** Serial of the merchant API certificate and its private key (PEM). */
  merchantSerial: string;
  merchantPrivateKey: string;
  apiV3Key: string;
  /** Public-key mode (the primary one): WeChat Pay's public key and its `PUB_KEY_ID_…`. */
  platformPublicKey?: { id: string; pem: string };
  /**
   * Certificate mode (the fallback): download platform certificates for serials that are not
   * the public key. Defaults to on only when no public key is configured.
   */
  downloadCertificates?: boolean;
  /** At most one certificate download per this interval (default 10 minutes). */
  certificateIntervalMs?: number;
  logger?: Logger;
  /** Defaults to the production host; the sandbox passes the fake's address. */
  baseUrl?: string;
  now?: () => number;
}

/** PayGateway over wechatpay-node-v3, with the checks the library leaves out. */
export class WechatPayGateway implements PayGateway {
  readonly appid: string;
  readonly mchid: string;
  private readonly pay: Pay;
  private readonly keys: PlatformKeys;
  private readonly baseUrl: string;
  private readonly now: () => number;
  private readonly certificates: CertificateRefresher | undefined;
  private readonly extraHeaders: Record<string, string>;

  constructor(private readonly opts: WechatPayOptions) {
    this.appid = opts.appid;
    this.mchid = opts.mchid;
    this.now = opts.now ?? Date.now;
    this.baseUrl = opts.baseUrl ?? WECHAT_PAY_HOST;
    this.keys = new PlatformKeys(opts.platformPublicKey);
    this.extraHeaders = opts.platformPublicKey
      ? { 'Wechatpay-Serial': opts.platformPublicKey.id }
      : {};
    this.certificates =
      (opts.downloadCertificates ?? !opts.platformPublicKey)
        ? new CertificateRefresher(() => this.refreshCertificates(), {
            minIntervalMs: opts.certificateIntervalMs,
            now: this.now,
            logger: opts.logger,
          })
        : undefined;
    const key = Buffer.from(opts.merchantPrivateKey);
    // With serial_no given the library never parses `publicKey`; it only insists it is present.
    this.pay = new Pay({
      appid: opts.appid,
      mchid: opts.mchid,
      serial_no: opts.merchantSerial,
      publicKey: key,
      privateKey: key,
      key: opts.apiV3Key,
    });
    this.pay.createHttp(
      new PayHttp(
        this.baseUrl,
        (headers, body, path) => this.verifyResponse(headers, body, path),
        10_000,
        this.extraHeaders,
      ),
    );
  }

  async prepay(input: PrepayInput): Promise<PaymentParams & { prepayId: string }> {
    const res = await this.pay.transactions_jsapi({
      description: input.description,
      out_trade_no: input.outTradeNo,
      notify_url: input.notifyUrl,
      amount: { total: input.total, currency: 'CNY' },
      payer: { openid: input.openid },
      ...(input.expiresAt ? { time_expire: rfc3339(input.expiresAt) } : {}),
      ...(input.attach ? { attach: input.attach } : {}),
    });
    const data = ok<PaymentParams>(res, 'prepay');
    if (!data.package?.startsWith('prepay_id=')) {
      throw new PayError('UPSTREAM', 'prepay answered without prepay_id', res.status);
    }
    return { ...data, prepayId: data.package.slice('prepay_id='.length) };
  }

  async query(outTradeNo: string): Promise<PayTransaction | null> {
    const res = await this.pay.query({ out_trade_no: outTradeNo });
    if (res.status === 404) return null;
    return ok<PayTransaction>(res, 'query');
  }

  async close(outTradeNo: string): Promise<void> {
    const res = await this.pay.close(outTradeNo);
    if (res.status !== 204 && res.status !== 200) ok(res, 'close');
  }

  async refund(input: RefundInput): Promise<PayRefund> {
    const res = await this.pay.refunds({
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
      amount: { refund: input.refund, total: input.total, currency: 'CNY' },
    });
    return ok<PayRefund>(res, 'refund');
  }

  async queryRefund(outRefundNo: string): Promise<PayRefund | null> {
    const res = await this.pay.find_refunds(outRefundNo);
    if (res.status === 404) return null;
    return ok<PayRefund>(res, 'refund query');
  }

  /**
   * 发起异常退款 (https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/create-abnormal-refund.html)
   * for an ABNORMAL refund, to the merchant's bank account (MERCHANT_BANK_CARD): the other way,
   * USER_BANK_CARD, needs the member's card number and name, which Circles does not collect.
   */
  async applyAbnormalRefund(refundId: string, outRefundNo: string): Promise<PayRefund> {
    const path = `/v3/refund/domestic/refunds/${encodeURIComponent(refundId)}/apply-abnormal-refund`;
    const body = { out_refund_no: outRefundNo, type: 'MERCHANT_BANK_CARD' };
    const ts = unixSeconds(this.now());
    const n = nonce();
    const signature = this.pay.getSignature('POST', n, ts, path, JSON.stringify(body));
    const http = new PayHttp(
      this.baseUrl,
      (headers, text, p) => this.verifyResponse(headers, text, p),
      10_000,
      this.extraHeaders,
    );
    const res = await http.post(`${WECHAT_PAY_HOST}${path}`, body, {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: this.pay.getAuthorization(n, ts, signature),
    });
    return ok<PayRefund>(res, 'apply-abnormal-refund');
  }

  parseNotification(req: NotificationRequest): Promise<PayNotification> {
    return openNotification(
      req,
      this.keys,
      (serial) => this.certificates?.ensure(serial) ?? Promise.resolve(),
      this.opts.apiV3Key,
      this.now(),
    );
  }

  /**
   * Downloads platform certificates; the answer is verified with the certificate it names.
   * Called directly only by tests and tools: verification goes through `CertificateRefresher`.
   */
  async refreshCertificates(): Promise<string[]> {
    const path = '/v3/certificates';
    const ts = unixSeconds(this.now());
    const n = nonce();
    const signature = this.pay.getSignature('GET', n, ts, path);
    const http = new PayHttp(this.baseUrl, async () => undefined, 10_000, this.extraHeaders);
    const raw = await http.get(`${WECHAT_PAY_HOST}${path}`, {
      Accept: 'application/json',
      Authorization: this.pay.getAuthorization(n, ts, signature),
    });
    const data = ok<{ data: EncryptedCertificate[] }>(raw, 'certificates');
    return this.keys.installCertificates(data.data, this.opts.apiV3Key);
  }

  private async verifyResponse(headers: Record<string, string>, body: string, path: string) {
    if (path === '/v3/certificates') return; // bootstrapped and checked in refreshCertificates
    const serial = headers['wechatpay-serial'] ?? '';
    if (serial && !this.keys.has(serial)) await this.certificates?.ensure(serial);
    const key = this.keys.get(serial);
    const ts = headers['wechatpay-timestamp'] ?? '';
    const sig = headers['wechatpay-signature'] ?? '';
    const fresh = Math.abs(this.now() / 1000 - Number(ts)) <= MAX_SKEW_SECONDS;
    if (
      !key ||
      !fresh ||
      !rsaVerify(key, responseMessage(ts, headers['wechatpay-nonce'] ?? '', body), sig)
    ) {
      throw new PayError('RESPONSE_SIGNATURE_INVALID', `unverifiable answer from ${path}`);
    }
  }
}

/** The library never throws on HTTP errors; every caller goes through this status check. */
function ok<T>(res: Output, what: string): T {
  if (res.status >= 200 && res.status < 300) return res.data as T;
  const err = res.errRaw as { code?: string; message?: string } | undefined;
  throw new PayError(
    'UPSTREAM',
    `${what} failed: ${res.status} ${err?.code ?? ''} ${err?.message ?? ''}`.trim(),
    res.status,
    err?.code,
  );
}

/** RFC 3339 in Beijing time, the form WeChat Pay documents for time_expire. */
export function rfc3339(d: Date): string {
  return beijingRfc3339(d);
}
