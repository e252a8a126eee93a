import { ApiError, CLIENT_ERROR_CODES } from './api/client';

/** Where the failure happened: the same code reads differently on the customer card. */
export type ErrorContext = 'customer' | 'action' | 'login';

const BY_CODE: Record<string, string> = {
  [CLIENT_ERROR_CODES.NETWORK]: '网络连接失败，请检查网络后重试',
  [CLIENT_ERROR_CODES.BAD_RESPONSE]: '服务返回了无法识别的数据，请稍后重试',
  AUTH_REQUIRED: '登录已失效，请重新打开侧边栏',
  TOKEN_INVALID: '登录已失效，请重新打开侧边栏',
  TOKEN_EXPIRED: '登录已过期，请重新打开侧边栏',
  TOKEN_REVOKED: '登录已失效，请重新打开侧边栏',
  WECOM_CODE_INVALID: '企业微信授权已失效，请关闭后重新打开侧边栏',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  UPSTREAM_FAILED: '企业微信暂时无法响应，请稍后重试',
  DATABASE_UNAVAILABLE: '服务暂不可用，请稍后重试',
  ROLE_FORBIDDEN: '你没有执行该操作的权限',
  MEMBER_NOT_FOUND: '未找到该会员',
};

/**
 * One Chinese sentence for a failed call. Known codes get a fixed wording; a 403 on a
 * customer means this consultant doesn't follow them; anything else keeps the server's own
 * (Chinese) message, which names the business rule that refused.
 */
export function errorMessage(err: unknown, context: ErrorContext = 'action'): string {
  if (!(err instanceof ApiError)) return '出现了意外错误，请刷新后重试';
  if (err.status === 403 && context === 'login') return '你的企业微信账号未开通导购权限';
  if (err.status === 403 && context === 'customer') return '你不是该客户的跟进导购，无法查看';
  if (err.status === 404 && context === 'customer') {
    return '未找到该客户，可能尚未添加为企业微信联系人';
  }
  const known = BY_CODE[err.code];
  if (known) return known;
  if (err.status === 403) return '你不是该客户的跟进导购，无法操作';
  if (err.status === 400) return `输入有误：${err.message}`;
  if (err.status >= 500) return `服务出错了，请稍后重试（${err.requestId ?? err.status}）`;
  return err.message || '操作失败，请重试';
}

/** The session is gone: the page must sign in again rather than retry. */
export function isSessionOver(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}
