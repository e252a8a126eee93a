import {
  ApiError,
  CLIENT_ERROR_CODES,
  errorFromResponse,
  type RequestOptions,
} from '../../common/http';
import {
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
  type RouteContract,
  routePath,
} from '@circles/shared';
import { endSession, getSession } from '../auth/sessionStore';

export { ApiError, CLIENT_ERROR_CODES, type RequestOptions } from '../../common/http';

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

/** What a call sends, typed by its route contract. */
export interface CallInput<C> {
  params?: ParamsOf<C>;
  query?: QueryOf<C>;
  body?: BodyOf<C>;
  signal?: AbortSignal;
}

type Method = NonNullable<RequestOptions['method']>;

function optionsOf<C extends RouteContract>(route: C, input: CallInput<C>): RequestOptions {
  return {
    method: route.method.toUpperCase() as Method,
    // zod's input types are plain records of primitives for every query schema we declare
    query: input.query as RequestOptions['query'],
    body: input.body,
    signal: input.signal,
  };
}

const pathOf = <C extends RouteContract>(route: C, input: CallInput<C>) =>
  routePath(route, input.params as Record<string, string | number> | undefined);

/**
 * Every panel call goes through this: the path and method come from the route's contract in
 * @circles/shared (never a string literal here), with the session's bearer token and ApiError on
 * failure; the answer is typed by the contract's response schema.
 */
export async function call<C extends RouteContract>(
  route: C,
  input: CallInput<C> = {},
): Promise<ResponseOf<C>> {
  const res = await send(pathOf(route, input), optionsOf(route, input), 'application/json');
  const text = await res.text();
  if (text === '') return undefined as ResponseOf<C>;
  try {
    return JSON.parse(text) as ResponseOf<C>;
  } catch {
    throw new ApiError(res.status, CLIENT_ERROR_CODES.BAD_RESPONSE, '服务返回了无法解析的数据');
  }
}

/** Downloads a file answer (CSV export) with the session's token and saves it as `filename`. */
export async function download<C extends RouteContract>(
  route: C,
  filename: string,
  input: CallInput<C> = {},
): Promise<void> {
  const accept = 'text/csv, application/octet-stream, */*';
  const res = await send(pathOf(route, input), optionsOf(route, input), accept);
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
