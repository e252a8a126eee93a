import { ApiError, CLIENT_ERROR_CODES } from '../api/client';

export interface LoginErrorText {
  title: string;
  detail?: string;
}

// Statuses meaning "no working login endpoint behind this URL" rather than "wrong password".
const UNAVAILABLE_STATUSES = new Set([404, 405, 501, 502, 503, 504]);

/** What the login page tells the user for a failed sign-in. Branches on codes, not messages. */
export function describeLoginError(err: unknown): LoginErrorText {
  if (!(err instanceof ApiError)) {
    return { title: '登录服务暂不可用，请稍后再试', detail: String(err) };
  }
  const ref = err.requestId ? `请求编号：${err.requestId}` : undefined;
  if (err.code === 'LOGIN_FAILED') return { title: '用户名或密码错误' };
  if (err.code === 'RATE_LIMITED') return { title: '登录尝试过于频繁，请稍后再试', detail: ref };
  if (err.code === 'VALIDATION_FAILED') return { title: '请检查用户名和密码的格式', detail: ref };
  if (err.code === CLIENT_ERROR_CODES.NETWORK) {
    return { title: '无法连接服务器，登录服务暂不可用', detail: '请检查网络或稍后再试' };
  }
  if (UNAVAILABLE_STATUSES.has(err.status) || err.code === CLIENT_ERROR_CODES.BAD_RESPONSE) {
    return { title: '登录服务暂未开放，请稍后再试', detail: ref ?? `HTTP ${err.status}` };
  }
  return { title: `登录失败：${err.message}`, detail: ref };
}
