import type { ErrorType } from '@circles/shared';
import { AppError } from '../../lib/errors';

/** The access token is missing, invalid or expired: refresh once and retry. */
export const WECOM_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 41001, 42001]);

/**
 * Transient within seconds: back off and retry (system busy). 45009 is not here: WeCom blocks
 * the API for 60 s or an hour after it, so the transport records a cooldown instead.
 */
export const WECOM_RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1]);

export const WECOM_ERR = {
  busy: -1,
  invalidCode: 40029,
  welcomeCodeUsed: 41051,
  welcomeBusy: 41096,
  rateLimited: 45009,
  noPermission: 48002,
  ipNotTrusted: 60020,
  notExternalContact: 84061,
} as const;

function classify(api: string, errcode: number): [ErrorType, string] {
  if (api === 'auth/getuserinfo' && errcode === WECOM_ERR.invalidCode) {
    return ['unauthorized', 'WECOM_CODE_INVALID'];
  }
  if (errcode === WECOM_ERR.rateLimited) return ['rate_limited', 'RATE_LIMITED'];
  if (errcode === WECOM_ERR.notExternalContact) return ['not_found', 'NOT_FOUND'];
  return ['upstream_failed', 'UPSTREAM_FAILED'];
}

/**
 * A WeCom API answered with a non-zero errcode (-1 also stands for transport failures).
 * 40029 on OAuth → 401 WECOM_CODE_INVALID; 45009 → 429; 84061 → 404; the rest → 502.
 */
export class WeComApiError extends AppError {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
    /** For 45009: how long this API is blocked. */
    retryAfterMs?: number,
  ) {
    const [type, code] = classify(api, errcode);
    super(type, code, `WeCom ${api} failed: ${errcode} ${errmsg}`, {
      api,
      errcode,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
    this.name = 'WeComApiError';
  }
}

export const isWeComApiError = (e: unknown): e is WeComApiError => e instanceof WeComApiError;
