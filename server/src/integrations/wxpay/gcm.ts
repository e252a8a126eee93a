import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** WeChat Pay's AEAD_AES_256_GCM resource: base64(ciphertext ‖ 16-byte tag), a 12-char nonce. */
export interface GcmResource {
  ciphertext: string;
  nonce: string;
  associated_data: string;
}

const TAG_BYTES = 16;

/**
 * Decrypts and authenticates. Unlike wechatpay-node-v3's `decipher_gcm`, this calls `final()`,
 * so a flipped tag, ciphertext or AAD throws instead of yielding forged plaintext.
 */
export function decryptGcm(resource: GcmResource, apiV3Key: string): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('APIv3 key must be 32 bytes');
  const nonce = Buffer.from(resource.nonce, 'utf8');
  if (nonce.length !== 12) throw new Error('GCM nonce must be 12 bytes');
  const raw = Buffer.from(resource.ciphertext, 'base64');
  const aad = Buffer.from(resource.associated_data ?? '', 'utf8');
  return openGcm(key, nonce, raw, aad).toString('utf8');
}

/** AEAD_AES_256_GCM (RFC 5116) open: `sealed` is ciphertext ‖ 16-byte tag; throws if forged. */
export function openGcm(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length <= TAG_BYTES) throw new Error('GCM ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  decipher.setAAD(aad);
  const head = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  return Buffer.concat([head, decipher.final()]);
}

/** The sending side (used by the sandbox fake), producing what `decryptGcm` accepts. */
export function encryptGcm(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
): GcmResource {
  const nonce = randomBytes(9).toString('base64url').slice(0, 12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { ciphertext: body.toString('base64'), nonce, associated_data: associatedData };
}
