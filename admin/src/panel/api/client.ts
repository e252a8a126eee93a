import {
  ApiError,
  CLIENT_ERROR_CODES,
  errorFromResponse,
  type RequestOptions,
} from '../../common/http';
import { endSession, getSession } from '../auth/sessionStore';

export { ApiError, CLIENT_ERROR_CODES, type RequestOptions } from '../../common/http';

const PREFIX = '/api/admin';

/** 401 codes meaning "this session is over" (not "wrong password" on the login form). */
const SESSION_OVER = new Set(['AUTH_REQUIRED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']);

function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const { method = 'GET', body, query, signal } = options;
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = getSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw new ApiError(0, CLIENT_ERROR_CODES.ABORTED, '请求已取消');
    const message = err instanceof Error ? err.message : '网络连接失败';
    throw new ApiError(0, CLIENT_ERROR_CODES.NETWORK, message);
  }
  if (!res.ok) {
    const error = errorFromResponse(res.status, await res.text());
    // An expired or revoked token ends the session once, for every page: the guard then
    // sends the user to the login page with an explanation.
    if (res.status === 401 && SESSION_OVER.has(error.code)) endSession('expired');
    throw error;
  }
  return res;
}

/**
 * Every panel call goes through this: same origin, /api/admin prefix, the session's bearer
 * token, ApiError on failure. The type parameter is the caller's promise about the body,
 * taken from the @circles/shared contract types.
 */
export function adminApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return sessionApi<T>(`${PREFIX}${path}`, options);
}

/**
 * A call outside /api/admin that still takes the panel session (event check-in lives at
 * /api/events/checkins because store staff scan tickets too).
 */
export async function sessionApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options, 'application/json');
  const text = await res.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, CLIENT_ERROR_CODES.BAD_RESPONSE, '服务返回了无法解析的数据');
  }
}

/** Downloads a file answer (CSV export) with the session's token and saves it as `filename`. */
export async function adminDownload(
  path: string,
  filename: string,
  options: RequestOptions = {},
): Promise<void> {
  const res = await send(`${PREFIX}${path}`, options, 'text/csv, application/octet-stream, */*');
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked on the next tick: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
