import type { FormInstance } from 'antd';
import { ApiError, CLIENT_ERROR_CODES } from './client';

interface FieldIssue {
  path: string;
  message: string;
}

/** The field issues of a 400 (VALIDATION_FAILED, TIER_LADDER_INVALID …), if any. */
export function fieldIssues(err: unknown): FieldIssue[] {
  if (!(err instanceof ApiError)) return [];
  const fields = (err.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (f): f is FieldIssue =>
      typeof f === 'object' &&
      f !== null &&
      typeof f.path === 'string' &&
      typeof f.message === 'string',
  );
}

/** One Chinese sentence for a failed request; branches on codes, never on messages. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return `操作失败：${String(err)}`;
  switch (err.code) {
    case 'ROLE_FORBIDDEN':
    case 'FORBIDDEN':
      return '当前角色无权执行此操作（分析师账号为只读）';
    case CLIENT_ERROR_CODES.NETWORK:
      return '无法连接服务器，请检查网络后重试';
    case CLIENT_ERROR_CODES.BAD_RESPONSE:
      return `服务暂不可用（HTTP ${err.status}），请稍后再试`;
    case 'AUTH_REQUIRED':
    case 'TOKEN_INVALID':
    case 'TOKEN_EXPIRED':
    case 'TOKEN_REVOKED':
      return '登录已过期，请重新登录';
    case 'VALIDATION_FAILED':
      return '提交的内容未通过校验，请检查标红的字段';
    default:
      // Server messages for domain errors are written in Chinese for the user.
      return err.message;
  }
}

/**
 * Puts a 400's field issues on the form fields they name ('body.tiers.1.rank' →
 * ['tiers', 1, 'rank']), so the user sees the server's objection next to the input.
 * Returns whether any field matched.
 */
export function applyServerErrors(
  form: FormInstance,
  err: unknown,
  where = 'body',
  /** Paths shown elsewhere (a rule tree editor beside the form), e.g. 'body.rule'. */
  except: readonly string[] = [],
): boolean {
  const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
  const issues = fieldIssues(err);
  const fields = issues
    .filter((i) => within(i.path, where) && !except.some((e) => within(i.path, e)))
    .map((i) => ({
      name: i.path
        .split('.')
        .slice(1)
        .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg)),
      errors: [/[\u4e00-\u9fa5]/.test(i.message) ? i.message : `格式不正确（${i.message}）`],
    }))
    .filter((f) => f.name.length > 0);
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}
