import type { ErrorCode } from '@circles/shared';
import Taro from '@tarojs/taro';

/** A failed API call: `code` is the server's stable error code (or NETWORK / HTTP_<status>). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// What a member reads for each code. The server's messages are written for logs and admins;
// these are short enough for a toast (WeChat cuts toasts at about 7 Chinese characters with an
// icon and ~2 lines without).
const MEMBER_MESSAGES: Partial<Record<ErrorCode | 'NETWORK' | 'INTERNAL', string>> = {
  NETWORK: '网络不给力，请稍后重试',
  INTERNAL: '服务开小差了，请稍后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  DATABASE_UNAVAILABLE: '服务繁忙，请稍后重试',
  UPSTREAM_FAILED: '微信服务繁忙，请稍后重试',
  AUTH_REQUIRED: '请先登录',
  TOKEN_INVALID: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  TOKEN_REVOKED: '登录已失效，请重新登录',
  LOGIN_FAILED: '登录失败，请重试',
  WEAPP_CODE_INVALID: '登录凭证已失效，请重试',
  MEMBER_NOT_FOUND: '未找到会员信息',
  VALIDATION_FAILED: '填写的信息有误',
  POINTS_INSUFFICIENT: '积分不足',
  WALLET_INSUFFICIENT: '储值余额不足',
  PERK_QUOTA_EXCEEDED: '本期权益已领完',
  PERK_TIER_LOCKED: '升级后即可领取',
  IDEMPOTENCY_CONFLICT: '请求重复，请刷新后重试',
  TASK_NOT_COMPLETED: '任务尚未完成',
  EVENT_TIER_NOT_ELIGIBLE: '您的等级暂不可报名',
  EVENT_SIGNUP_CLOSED: '报名已截止',
  CHECKIN_TOKEN_INVALID: '签到码无效',
  CHECKIN_ALREADY: '已签到',
};

/** The text a member sees for an error: our mapping first, then the server's message. */
export function memberMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const mapped = MEMBER_MESSAGES[error.code as keyof typeof MEMBER_MESSAGES];
    if (mapped) return mapped;
    if (error.status >= 500) return MEMBER_MESSAGES.INTERNAL!;
    return error.message || '操作失败，请重试';
  }
  return '操作失败，请重试';
}

/** Shows an error as a toast (no icon: icon toasts truncate Chinese text to one short line). */
export function showError(error: unknown): void {
  void Taro.showToast({ title: memberMessage(error), icon: 'none', duration: 2500 });
}

export function isCode(error: unknown, code: ErrorCode | 'NETWORK'): boolean {
  return error instanceof ApiError && error.code === code;
}
