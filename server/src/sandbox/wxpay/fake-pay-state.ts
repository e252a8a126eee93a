import { beijingRfc3339 } from '@circles/shared';
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { PayRefund, PayTransaction } from '../../integrations/wxpay/pay-gateway';
import { type Clock, systemClock } from '../common/clock';
import { ErrorInjector } from '../common/error-injector';
import { randomId } from '../common/ids';
import { selfSignedCertificate } from './x509';

export interface FakeOrder extends PayTransaction {
  description: string;
  notify_url: string;
  prepay_id: string;
  /** Milliseconds; NOTPAY orders stop being payable then. */
  expiresAt: number;
  refunded: number;
}

/**
 * How WeChat Pay treats the next new refund (tests and demos queue these): refuse it first with
 * 429 FREQUENCY_LIMITED, 403 NOT_ENOUGH or 500 SYSTEM_ERROR (`created`: the 500 came after it
 * was accepted, as a lost answer), keep it PROCESSING for a while, or end it ABNORMAL / CLOSED.
 */
export interface RefundPlan {
  reject?: 429 | 403 | 500;
  created?: boolean;
  processingForMs?: number;
  settle?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
}

export interface FakeRefund extends PayRefund {
  /** When a PROCESSING refund settles (fake clock), and into what. */
  settleAt?: number;
  settleTo?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  notify_url?: string;
  create_time: string;
}

/**
 * `publicKey`: a merchant onboarded in public-key mode — no platform certificates at all
 * (/v3/certificates answers 404 RESOURCE_NOT_EXISTS). `certificate`: an older merchant that only
 * has platform certificates. `migrating`: switching from certificates to the public key — answers
 * follow the request's `Wechatpay-Serial` header, notifications use either key.
 */
export type SigningMode = 'certificate' | 'publicKey' | 'migrating';

export interface FakePayOptions {
  appid: string;
  mchid: string;
  apiV3Key: string;
  /** The merchant's API certificate serial and public key (what requests are verified with). */
  merchant: { serial: string; publicKey: KeyObject };
  clock?: Clock;
}

/** The platform's own signing identities: a certificate key and a public-key-mode key. */
function platformIdentity(now: number) {
  const cert = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certSerial = randomBytes(20)
    .toString('hex')
    .toUpperCase()
    .replace(/^[89A-F]/, '4');
  const certPem = selfSignedCertificate({
    serialHex: certSerial,
    commonName: 'Tenpay.com Root CA (sandbox)',
    publicKey: cert.publicKey,
    privateKey: cert.privateKey,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 5 * 365 * 86_400_000),
  });
  return {
    certificate: { serial: certSerial, pem: certPem, privateKey: cert.privateKey },
    publicKey: {
      id: `PUB_KEY_ID_0${randomId(20, '0123456789')}`,
      pem: pub.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: pub.privateKey,
    },
  };
}

/** Everything the fake WeChat Pay remembers, plus the levers tests and demos pull. */
export class FakePayState {
  readonly appid: string;
  readonly mchid: string;
  readonly apiV3Key: string;
  readonly merchant: FakePayOptions['merchant'];
  readonly clock: Clock;
  readonly platform: ReturnType<typeof platformIdentity>;
  readonly errors = new ErrorInjector();
  readonly orders = new Map<string, FakeOrder>();
  readonly refunds = new Map<string, FakeRefund>();
  /** Consumed one per new refund request (a retry of a refused one is a new request). */
  readonly refundPlan: RefundPlan[] = [];
  /** POST /v3/refund/domestic/refunds calls, for tests that check nothing was sent twice. */
  refundRequests = 0;
  /** Which identity signs answers and notifications. */
  mode: SigningMode = 'publicKey';
  /** `Wechatpay-Serial` of the request being answered (answers in `migrating` mode follow it). */
  requestSerial: string | undefined;
  /** GET /v3/certificates calls, for tests of how often a client downloads. */
  certificateDownloads = 0;
  private notificationCount = 0;

  constructor(opts: FakePayOptions) {
    this.appid = opts.appid;
    this.mchid = opts.mchid;
    this.apiV3Key = opts.apiV3Key;
    this.merchant = opts.merchant;
    this.clock = opts.clock ?? systemClock;
    this.platform = platformIdentity(this.clock.now());
  }

  /** The key that signs an answer (`response`) or a notification. */
  signer(purpose: 'response' | 'notification' = 'response'): {
    serial: string;
    privateKey: KeyObject;
  } {
    const cert = {
      serial: this.platform.certificate.serial,
      privateKey: this.platform.certificate.privateKey,
    };
    const pub = {
      serial: this.platform.publicKey.id,
      privateKey: this.platform.publicKey.privateKey,
    };
    if (this.mode === 'certificate') return cert;
    if (this.mode === 'publicKey') return pub;
    // Switching over, WeChat Pay signs answers with the key the request named and mixes keys
    // on notifications (alternating here, so tests see both).
    if (purpose === 'response') return this.requestSerial === pub.serial ? pub : cert;
    return this.notificationCount++ % 2 === 0 ? cert : pub;
  }

  /** What the user's payment does: NOTPAY → SUCCESS. `undefined` when not payable. */
  markPaid(outTradeNo: string, openid?: string): FakeOrder | undefined {
    const o = this.orders.get(outTradeNo);
    if (o?.trade_state !== 'NOTPAY') return undefined;
    if (this.clock.now() > o.expiresAt) return undefined;
    if (openid && o.payer?.openid !== openid) return undefined;
    o.trade_state = 'SUCCESS';
    o.trade_state_desc = '支付成功';
    o.transaction_id = `4200${randomId(24, '0123456789')}`;
    o.success_time = beijingTime(this.clock.now());
    o.amount.payer_total = o.amount.total;
    return o;
  }

  view(o: FakeOrder): PayTransaction {
    const {
      description: _d,
      notify_url: _n,
      prepay_id: _p,
      expiresAt: _e,
      refunded: _r,
      ...wire
    } = o;
    return wire;
  }
}

export function beijingTime(ms: number): string {
  return beijingRfc3339(ms);
}
