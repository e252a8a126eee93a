import { decryptGcm } from './gcm';
import {
  type NotificationRequest,
  type PayNotification,
  PayError,
  type PayTransaction,
  type RefundNotice,
} from './pay-gateway';
import type { PlatformKeys } from './platform-keys';
import { MAX_SKEW_SECONDS, responseMessage, rsaVerify } from './signing';

interface Envelope {
  id: string;
  event_type: string;
  resource: { ciphertext: string; nonce: string; associated_data: string; algorithm: string };
}

function header(req: NotificationRequest, name: string): string {
  const v = req.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/**
 * Checks a notification in the order WeChat Pay prescribes: signature over the raw body with the
 * key the `Wechatpay-Serial` names, then the timestamp window, then the authenticated decryption.
 * `resolveKey` may fetch certificates when the serial is new.
 */
export async function openNotification(
  req: NotificationRequest,
  keys: PlatformKeys,
  resolveKey: (serial: string) => Promise<void>,
  apiV3Key: string,
  nowMs: number,
): Promise<PayNotification> {
  const serial = header(req, 'wechatpay-serial');
  const signature = header(req, 'wechatpay-signature');
  const timestamp = header(req, 'wechatpay-timestamp');
  const nonce = header(req, 'wechatpay-nonce');
  if (!serial || !signature || !timestamp || !nonce) {
    throw new PayError('SIGNATURE_INVALID', 'missing Wechatpay-* headers');
  }
  // Probe signatures exist to check that merchants really verify; they must never pass.
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) {
    throw new PayError('SIGNATURE_INVALID', 'probe signature');
  }
  if (!keys.has(serial)) await resolveKey(serial).catch(() => undefined);
  const key = keys.get(serial);
  if (!key) throw new PayError('SERIAL_UNKNOWN', `unknown Wechatpay-Serial ${serial}`);
  if (!rsaVerify(key, responseMessage(timestamp, nonce, req.rawBody), signature)) {
    throw new PayError('SIGNATURE_INVALID', 'notification signature does not verify');
  }
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > MAX_SKEW_SECONDS) {
    throw new PayError('TIMESTAMP_SKEWED', 'notification timestamp outside the 5-minute window');
  }
  let envelope: Envelope;
  try {
    envelope = JSON.parse(req.rawBody) as Envelope;
  } catch {
    throw new PayError('BODY_INVALID', 'notification body is not JSON');
  }
  if (!envelope?.resource?.ciphertext) throw new PayError('BODY_INVALID', 'no resource');
  let plain: string;
  try {
    plain = decryptGcm(envelope.resource, apiV3Key);
  } catch {
    throw new PayError('DECRYPT_FAILED', 'resource does not authenticate');
  }
  const resource = JSON.parse(plain) as unknown;
  if (envelope.event_type === 'TRANSACTION.SUCCESS') {
    return {
      id: envelope.id,
      eventType: 'TRANSACTION.SUCCESS',
      transaction: resource as PayTransaction,
    };
  }
  if (
    envelope.event_type === 'REFUND.SUCCESS' ||
    envelope.event_type === 'REFUND.ABNORMAL' ||
    envelope.event_type === 'REFUND.CLOSED'
  ) {
    return { id: envelope.id, eventType: envelope.event_type, refund: resource as RefundNotice };
  }
  throw new PayError('BODY_INVALID', `unsupported event_type ${envelope.event_type}`);
}
