import { createSign, createVerify, type KeyObject, randomBytes } from 'node:crypto';

/** RSA-SHA256, base64: the only signature scheme of API v3 (requests, responses, paySign). */
export function rsaSign(privateKey: KeyObject | string, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
}

export function rsaVerify(
  publicKey: KeyObject | string,
  message: string,
  signature: string,
): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** `METHOD\npath?query\ntimestamp\nnonce\nbody\n` — what the merchant signs per request. */
export function requestMessage(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** `timestamp\nnonce\nbody\n` — what WeChat Pay signs on responses and notifications. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export interface MerchantAuthorization {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export function buildAuthorization(a: MerchantAuthorization): string {
  const parts = (['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'] as const).map(
    (k) => `${k}="${a[k]}"`,
  );
  return `${SCHEME} ${parts.join(',')}`;
}

/** Parses the Authorization header; `undefined` when the scheme or any field is missing. */
export function parseAuthorization(header: string | undefined): MerchantAuthorization | undefined {
  if (!header?.startsWith(`${SCHEME} `)) return undefined;
  const fields = new Map<string, string>();
  for (const m of header.slice(SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    fields.set(m[1] as string, m[2] as string);
  }
  const get = (k: string) => fields.get(k);
  const out = {
    mchid: get('mchid'),
    nonce_str: get('nonce_str'),
    timestamp: get('timestamp'),
    serial_no: get('serial_no'),
    signature: get('signature'),
  };
  return Object.values(out).every((v) => typeof v === 'string' && v.length > 0)
    ? (out as MerchantAuthorization)
    : undefined;
}

export const nonce = (): string => randomBytes(16).toString('hex').toUpperCase();
export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

/** WeChat Pay's tolerance for request, response and notification timestamps. */
export const MAX_SKEW_SECONDS = 300;
