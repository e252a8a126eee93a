import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { decryptGcm, type GcmResource } from './gcm';

/** One entry of `GET /v3/certificates`. */
export interface EncryptedCertificate {
  serial_no: string;
  effective_time: string;
  expire_time: string;
  encrypt_certificate: GcmResource & { algorithm: string };
}

/**
 * WeChat Pay's verification keys by `Wechatpay-Serial`: platform certificates (serial = the
 * certificate's serial, downloaded from /v3/certificates) and, in the newer mode, a public key
 * configured with its `PUB_KEY_ID_…` id. The serial on each message picks the key.
 */
export class PlatformKeys {
  private readonly keys = new Map<string, KeyObject>();

  constructor(publicKey?: { id: string; pem: string }) {
    if (publicKey) this.keys.set(publicKey.id, createPublicKey(publicKey.pem));
  }

  get(serial: string): KeyObject | undefined {
    return this.keys.get(serial);
  }

  has(serial: string): boolean {
    return this.keys.has(serial);
  }

  /**
   * Decrypts (tag-checked) and installs downloaded certificates; a certificate whose own
   * serial differs from the listed serial is refused.
   */
  installCertificates(list: EncryptedCertificate[], apiV3Key: string): string[] {
    const installed: string[] = [];
    for (const item of list) {
      const pem = decryptGcm(item.encrypt_certificate, apiV3Key);
      const cert = new X509Certificate(pem);
      if (cert.serialNumber.toUpperCase() !== item.serial_no.toUpperCase()) {
        throw new Error(`certificate serial mismatch for ${item.serial_no}`);
      }
      this.keys.set(item.serial_no, cert.publicKey);
      installed.push(item.serial_no);
    }
    return installed;
  }
}
