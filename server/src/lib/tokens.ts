import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors';

/**
 * Signed, expiring session tokens (HMAC-SHA256 over a base64url JSON payload). The server
 * keeps no session state, so instances scale out behind a load balancer.
 */
export interface TokenPayload {
  /** Audience: which kind of session this is. */
  aud: 'member' | 'admin' | 'consultant';
  /** Subject id (member, admin or consultant id). */
  sub: string;
  /** Expiry, unix seconds. */
  exp: number;
  [claim: string]: string | number;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export class TokenSigner {
  constructor(
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (secret.length < 16) throw new Error('session secret must be at least 16 characters');
  }

  sign(payload: Omit<TokenPayload, 'exp'>, ttlSeconds: number): { token: string; expiresAt: Date } {
    const exp = Math.floor(this.now().getTime() / 1000) + ttlSeconds;
    const body = b64(JSON.stringify({ ...payload, exp }));
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(exp * 1000) };
  }

  /** Throws 401 TOKEN_INVALID / TOKEN_EXPIRED; checks the audience. */
  verify(token: string, aud: TokenPayload['aud']): TokenPayload {
    const [body, mac] = token.split('.');
    if (!body || !mac) throw AppError.of('TOKEN_INVALID', '登录凭证无效，请重新登录');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw AppError.of('TOKEN_INVALID', '登录凭证无效，请重新登录');
    }
    let payload: TokenPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    } catch {
      throw AppError.of('TOKEN_INVALID', '登录凭证无效，请重新登录');
    }
    if (payload.aud !== aud) throw AppError.of('TOKEN_INVALID', '登录凭证无效，请重新登录');
    if (payload.exp * 1000 <= this.now().getTime()) {
      throw AppError.of('TOKEN_EXPIRED', '登录已过期，请重新登录');
    }
    return payload;
  }

  /**
   * A MAC for another signed artefact (e.g. member codes), keyed apart from session tokens by
   * `purpose`, so one can never pass for the other.
   */
  digest(purpose: string, data: string): Buffer {
    return createHmac('sha256', this.secret).update(`${purpose}\n${data}`).digest();
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** Reads `Authorization: Bearer <token>`. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}
