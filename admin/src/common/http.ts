import type { ErrorBody } from '@circles/shared';

/**
 * Codes the client itself produces when no server error body is available. Server codes come
 * from @circles/shared's ERROR_CODES; these never collide with them.
 */
export const CLIENT_ERROR_CODES = {
  /** fetch rejected: server down, DNS, CORS, offline. */
  NETWORK: 'CLIENT_NETWORK_ERROR',
  /** The server answered, but not with the agreed JSON shape (e.g. a proxy's HTML page). */
  BAD_RESPONSE: 'CLIENT_BAD_RESPONSE',
  /** The caller aborted (unmount, new search, timeout). */
  ABORTED: 'CLIENT_ABORTED',
} as const;

/** Every failed request surfaces as one of these, so callers branch on `code` only. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, 0 when no response arrived. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** True when no server answer came back at all (the request never reached Circles). */
  get isNetwork(): boolean {
    return this.code === CLIENT_ERROR_CODES.NETWORK;
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value as { error: unknown };
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Turns a non-2xx response into an ApiError, keeping the server's code, details and id. */
export function errorFromResponse(status: number, text: string): ApiError {
  const body = parseJson(text);
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    return new ApiError(status, code, message, details, body.requestId);
  }
  return new ApiError(status, CLIENT_ERROR_CODES.BAD_RESPONSE, `HTTP ${status}`);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialised as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Non-2xx statuses whose body is a normal result (GET /healthz reports "degraded" with 503). */
  okStatuses?: readonly number[];
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Same-origin JSON request. Resolves with the parsed body (undefined for an empty one) and
 * rejects with ApiError for every failure. The type parameter is the caller's promise about
 * the body; the zod schemas in @circles/shared will back it once the endpoints exist.
 */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, okStatuses = [] } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';

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
    throw new ApiError(
      0,
      CLIENT_ERROR_CODES.NETWORK,
      err instanceof Error ? err.message : '网络连接失败',
    );
  }

  const text = await res.text();
  if (!res.ok && !okStatuses.includes(res.status)) throw errorFromResponse(res.status, text);
  if (text === '') return undefined as T;
  const parsed = parseJson(text);
  if (parsed === undefined) {
    throw new ApiError(res.status, CLIENT_ERROR_CODES.BAD_RESPONSE, '服务返回了无法解析的数据');
  }
  return parsed as T;
}

/** Binds requestJson to one API prefix, e.g. /api/admin. */
export function createApiClient(prefix: string) {
  return <T>(path: string, options?: RequestOptions) => requestJson<T>(`${prefix}${path}`, options);
}
