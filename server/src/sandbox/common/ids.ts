import { randomBytes } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random string over `alphabet` (rejection sampling keeps the distribution uniform). */
export function randomId(length: number, alphabet = ALNUM): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Tencent appends a request id to errmsg; the fakes do the same so logs look familiar. */
export function rid(): string {
  return `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}
