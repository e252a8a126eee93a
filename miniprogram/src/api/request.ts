import Taro from '@tarojs/taro';
import { apiBase } from '../env';
import { ApiError } from './errors';

export { ApiError } from './errors';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Member routes send the session token and re-login once on 401 (default true). */
  auth?: boolean;
}

/** How the wrapper reaches the session without importing it (the session imports this file). */
export interface AuthHooks {
  token(): string | null;
  /** Gets a fresh session without user interaction; resolves false when that is impossible. */
  relogin(): Promise<boolean>;
}

let hooks: AuthHooks = { token: () => null, relogin: async () => false };
let relogging: Promise<boolean> | null = null;

export function configureAuth(next: AuthHooks): void {
  hooks = next;
}

/** Several calls failing with 401 at once share one re-login (wx.login codes are single use). */
function reloginOnce(): Promise<boolean> {
  relogging ??= hooks.relogin().finally(() => {
    relogging = null;
  });
  return relogging;
}

export function buildUrl(path: string, query?: Query): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return `${apiBase}${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

async function send(path: string, opts: RequestOptions): Promise<RawResponse> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  const token = opts.auth === false ? null : hooks.token();
  if (token) header.authorization = `Bearer ${token}`;
  try {
    const res = await Taro.request({
      url: buildUrl(path, opts.query),
      method: opts.method ?? 'GET',
      data: opts.body as Taro.request.Option['data'],
      header,
      dataType: 'json',
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch {
    // Taro.request rejects only when no HTTP answer arrived (offline, DNS, timeout).
    throw new ApiError('NETWORK', '网络异常', 0);
  }
}

interface ErrorEnvelope {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  requestId?: unknown;
}

/** Success bodies are the payload itself; failures carry `{error:{code,message,details}, requestId}`. */
export function unwrap<T>(res: RawResponse): T {
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  const body = (typeof res.data === 'object' && res.data ? res.data : {}) as ErrorEnvelope;
  const err = body.error ?? {};
  throw new ApiError(
    typeof err.code === 'string' ? err.code : `HTTP_${res.statusCode}`,
    typeof err.message === 'string' ? err.message : '请求失败',
    res.statusCode,
    err.details,
    typeof body.requestId === 'string' ? body.requestId : undefined,
  );
}

/** The one way pages talk to the server. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const first = await send(path, opts);
  if (first.statusCode === 401 && opts.auth !== false && (await reloginOnce())) {
    return unwrap<T>(await send(path, opts));
  }
  return unwrap<T>(first);
}
