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

export interface FakeRefund extends PayRefund {
  notify_url?: string;
  create_time: string;
}

export type SigningMode = 'certificate' | 'publicKey';

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
  /** Which identity signs answers and notifications. */
  mode: SigningMode = 'publicKey';

  constructor(opts: FakePayOptions) {
    this.appid = opts.appid;
    this.mchid = opts.mchid;
    this.apiV3Key = opts.apiV3Key;
    this.merchant = opts.merchant;
    this.clock = opts.clock ?? systemClock;
    this.platform = platformIdentity(this.clock.now());
  }

  signer(): { serial: string; privateKey: KeyObject } {
    return this.mode === 'certificate'
      ? {
          serial: this.platform.certificate.serial,
          privateKey: this.platform.certificate.privateKey,
        }
      : { serial: this.platform.publicKey.id, privateKey: this.platform.publicKey.privateKey };
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
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
