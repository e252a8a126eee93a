import type { ErrorType } from '@circles/shared';
import { AppError } from '../../lib/errors';

/** Errcodes meaning the access token is bad: refresh once and retry. */
export const WEAPP_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** Errcodes meaning a one-time code (wx.login or phone button) is invalid, used or expired. */
export const WEAPP_CODE_ERRCODES: ReadonlySet<number> = new Set([40029, 40163]);

const CODE_APIS = new Set(['code2Session', 'getPhoneNumber']);

function classify(api: string, errcode: number): [ErrorType, string] {
  if (CODE_APIS.has(api) && WEAPP_CODE_ERRCODES.has(errcode)) {
    return ['unauthorized', 'WEAPP_CODE_INVALID'];
  }
  if (errcode === 45011 || errcode === 45009) return ['rate_limited', 'RATE_LIMITED'];
  return ['upstream_failed', 'UPSTREAM_FAILED'];
}

/**
 * A mini-program API answered with a non-zero errcode (or could not be reached: errcode -1).
 * A used/invalid code on code2Session or getPhoneNumber maps to 401 WEAPP_CODE_INVALID, a
 * frequency limit to 429, anything else to 502.
 */
export class WeappApiError extends AppError {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    const [type, code] = classify(api, errcode);
    super(type, code, `WeChat ${api} failed: ${errcode} ${errmsg}`, { api, errcode });
    this.name = 'WeappApiError';
  }

  /** True when the one-time code was rejected (40029/40163): ask the client for a new one. */
  get codeInvalid(): boolean {
    return this.code === 'WEAPP_CODE_INVALID';
  }
}

export const isWeappApiError = (e: unknown): e is WeappApiError => e instanceof WeappApiError;
