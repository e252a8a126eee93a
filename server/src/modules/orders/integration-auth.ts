import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';

const MAX_SKEW_SECONDS = 300;

/** hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`) — what POS systems send. */
export function signIntegration(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/**
 * Authenticates POS / e-commerce calls by X-Circles-Key, X-Circles-Timestamp (±5 min) and
 * X-Circles-Signature over the exact raw body; each failure has its own 401 code.
 */
export function integrationGuard(keys: Record<string, string>, clock: Clock): Middleware {
  return async (ctx, next) => {
    const keyId = ctx.get('x-circles-key');
    const ts = ctx.get('x-circles-timestamp');
    const sig = ctx.get('x-circles-signature');
    const secret = keys[keyId];
    if (!keyId || !secret) throw AppError.of('API_KEY_UNKNOWN', '未知的接入密钥 X-Circles-Key');
    if (!/^\d{1,12}$/.test(ts))
      throw AppError.of('TIMESTAMP_SKEWED', 'X-Circles-Timestamp 必须是 Unix 秒');
    const skew = Math.abs(Math.floor(clock.now().getTime() / 1000) - Number(ts));
    if (skew > MAX_SKEW_SECONDS)
      throw AppError.of('TIMESTAMP_SKEWED', `时间戳偏差 ${skew} 秒，超过 5 分钟`);
    const expected = Buffer.from(signIntegration(secret, ts, ctx.state.rawBody ?? ''));
    const given = Buffer.from(sig.toLowerCase());
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw AppError.of('SIGNATURE_INVALID', 'X-Circles-Signature 校验失败');
    }
    ctx.state.auth = { kind: 'integration', keyId };
    await next();
  };
}
