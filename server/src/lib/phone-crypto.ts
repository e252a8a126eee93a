import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Phone numbers are stored encrypted (AES-256-GCM, random IV) plus a keyed lookup hash, so
 * search by phone works without storing the number in clear text.
 */
export class PhoneCrypto {
  private readonly hashKey: Buffer;

  constructor(private readonly key: Buffer) {
    this.hashKey = createHmac('sha256', key).update('circles:phone-lookup').digest();
  }

  lookupHash(phone: string): string {
    return createHmac('sha256', this.hashKey).update(normalisePhone(phone)).digest('hex');
  }

  encrypt(phone: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const enc = Buffer.concat([c.update(normalisePhone(phone), 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64');
  }

  decrypt(stored: string): string {
    const buf = Buffer.from(stored, 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, 12));
    d.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
  }

  /** For display: 138****5678. */
  static mask(phone: string): string {
    return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
  }
}

/** Strips +86 / 86 prefixes and separators so one number always hashes the same. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return digits;
}
