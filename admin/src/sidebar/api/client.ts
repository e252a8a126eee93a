import { ApiError, CLIENT_ERROR_CODES, errorFromResponse } from '../../common/http';
import { clearSession, currentToken } from '../auth/sessionStore';

export { ApiError, CLIENT_ERROR_CODES } from '../../common/http';

/** 401 codes meaning "this consultant session is over". */
const SESSION_OVER = new Set(['AUTH_REQUIRED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']);

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  query?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses whose body is a normal answer (GET /healthz says "degraded" with 503). */
  okStatuses?: readonly number[];
  /** Send the consultant's bearer token (default true). */
  auth?: boolean;
}

/**
 * Same-origin JSON call with the consultant's token. Resolves with the parsed body and
 * rejects with ApiError for every failure; an expired session is cleared on the way.
 */
export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, okStatuses = [], auth = true } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = auth ? currentToken() : null;
  if (token) headers.authorization = `Bearer ${token}`;
  const qs = query ? new URLSearchParams(query).toString() : '';
  let res: Response;
  try {
    res = await fetch(qs ? `${path}?${qs}` : path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw new ApiError(0, CLIENT_ERROR_CODES.ABORTED, '请求已取消');
    throw new ApiError(0, CLIENT_ERROR_CODES.NETWORK, err instanceof Error ? err.message : '');
  }
  const text = await res.text();
  if (!res.ok && !okStatuses.includes(res.status)) {
    const error = errorFromResponse(res.status, text);
    if (res.status === 401 && SESSION_OVER.has(error.code)) clearSession();
    throw error;
  }
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, CLIENT_ERROR_CODES.BAD_RESPONSE, '服务返回了无法解析的数据');
  }
}
