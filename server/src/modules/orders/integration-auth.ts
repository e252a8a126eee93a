import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { IntegrationNonces } from './integration-nonces';

export const MAX_SKEW_SECONDS = 300;
const NONCE_RE = /^[A-Za-z0-9_-]{8,64}$/;

/** What a signature covers: replaying it on another path, method or body breaks it. */
export interface SignedRequest {
  /** Unix seconds, as sent in X-Circles-Timestamp. */
  timestamp: string;
  nonce: string;
  method: string;
  /** The request target as sent: path plus `?query` when there is one. */
  path: string;
  rawBody: string;
}

/** The string that is signed (v2): timestamp, nonce, METHOD, path-with-query, raw body. */
export function canonicalIntegrationString(r: SignedRequest): string {
  return [r.timestamp, r.nonce, r.method.toUpperCase(), r.path, r.rawBody].join('\n');
}

/** Lowercase hex HMAC-SHA256(secret, canonical string) — what POS systems send. */
export function signIntegration(secret: string, r: SignedRequest): string {
  return createHmac('sha256', secret).update(canonicalIntegrationString(r)).digest('hex');
}

/** The four headers of a signed call, for clients and tests. */
export function integrationHeaders(
  keyId: string,
  secret: string,
  r: SignedRequest,
): Record<string, string> {
  return {
    'X-Circles-Key': keyId,
    'X-Circles-Timestamp': r.timestamp,
    'X-Circles-Nonce': r.nonce,
    'X-Circles-Signature': signIntegration(secret, r),
  };
}

function signatureMatches(secrets: readonly string[], r: SignedRequest, given: string): boolean {
  const got = Buffer.from(given.toLowerCase());
  let ok = false;
  // Every configured secret is tried (no early exit), so timing says nothing about which one.
  for (const secret of secrets) {
    const expected = Buffer.from(signIntegration(secret, r));
    if (expected.length === got.length && timingSafeEqual(expected, got)) ok = true;
  }
  return ok;
}

/**
 * Authenticates POS / e-commerce calls (scheme v2, README "POS integration"): X-Circles-Key,
 * X-Circles-Timestamp (±5 min), X-Circles-Nonce (single use inside the window) and
 * X-Circles-Signature. Keys live in a Map, so `__proto__` or `constructor` never resolve; a key
 * id may carry several secrets while a POS rotates. Each failure has its own 401 code.
 */
export function integrationGuard(
  keys: ReadonlyMap<string, readonly string[]>,
  nonces: IntegrationNonces,
  clock: Clock,
): Middleware {
  return async (ctx, next) => {
    const keyId = ctx.get('x-circles-key');
    const ts = ctx.get('x-circles-timestamp');
    const nonce = ctx.get('x-circles-nonce');
    const sig = ctx.get('x-circles-signature');
    const secrets = keyId ? keys.get(keyId) : undefined;
    if (!secrets?.length) throw AppError.of('API_KEY_UNKNOWN', '未知的接入密钥 X-Circles-Key');
    if (!/^\d{1,12}$/.test(ts))
      throw AppError.of('TIMESTAMP_SKEWED', 'X-Circles-Timestamp 必须是 Unix 秒');
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    const skew = Math.abs(nowSeconds - Number(ts));
    if (skew > MAX_SKEW_SECONDS)
      throw AppError.of('TIMESTAMP_SKEWED', `时间戳偏差 ${skew} 秒，超过 5 分钟`);
    if (!NONCE_RE.test(nonce))
      throw AppError.of('NONCE_INVALID', 'X-Circles-Nonce 必须是 8–64 位 [A-Za-z0-9_-]');
    const signed: SignedRequest = {
      timestamp: ts,
      nonce,
      method: ctx.method,
      path: ctx.originalUrl,
      rawBody: ctx.state.rawBody ?? '',
    };
    if (!signatureMatches(secrets, signed, sig))
      throw AppError.of('SIGNATURE_INVALID', 'X-Circles-Signature 校验失败');
    // Claimed only after the signature checks out, so nobody can burn a POS's nonces. It stays
    // live while the timestamp is acceptable: until ts + 5 min.
    const expireAt = new Date((Number(ts) + MAX_SKEW_SECONDS + 1) * 1000);
    if (!(await nonces.claim(keyId, nonce, expireAt)))
      throw AppError.of('NONCE_REUSED', 'X-Circles-Nonce 已使用过（5 分钟内不可重复）');
    ctx.state.auth = { kind: 'integration', keyId };
    await next();
  };
}
