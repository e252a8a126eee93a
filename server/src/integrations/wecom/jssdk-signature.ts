import { createHash, randomBytes } from 'node:crypto';

export interface JsapiSignature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/** sha1 of the fixed-order string; nothing is URL-encoded, the fragment is not signed. */
export function jsapiSignature(p: {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}): string {
  const url = p.url.split('#')[0]!;
  const plain = `jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${url}`;
  return createHash('sha1').update(plain).digest('hex');
}

/** Signs `url` for `ww.register` (config or agentConfig, depending on the ticket given). */
export function signJsapi(ticket: string, url: string, nowMs = Date.now()): JsapiSignature {
  const nonceStr = randomBytes(12).toString('base64url');
  const timestamp = Math.floor(nowMs / 1000);
  return { timestamp, nonceStr, signature: jsapiSignature({ ticket, nonceStr, timestamp, url }) };
}
