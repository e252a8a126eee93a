/**
 * Stable error codes. Clients branch on `code`, never on messages; codes are never renamed.
 * `type` decides the HTTP status (see server/src/lib/errors.ts).
 */
export const ERROR_TYPES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'upstream_failed',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export const ERROR_CODES = {
  // generic
  VALIDATION_FAILED: 'invalid_input',
  NOT_FOUND: 'not_found',
  ROUTE_NOT_FOUND: 'not_found',
  RATE_LIMITED: 'rate_limited',
  DATABASE_UNAVAILABLE: 'upstream_failed',
  UPSTREAM_FAILED: 'upstream_failed',
  // auth
  AUTH_REQUIRED: 'unauthorized',
  TOKEN_INVALID: 'unauthorized',
  TOKEN_EXPIRED: 'unauthorized',
  LOGIN_FAILED: 'unauthorized',
  SIGNATURE_INVALID: 'unauthorized',
  TIMESTAMP_SKEWED: 'unauthorized',
  API_KEY_UNKNOWN: 'unauthorized',
  FORBIDDEN: 'forbidden',
  ROLE_FORBIDDEN: 'forbidden',
  TOKEN_REVOKED: 'unauthorized',
  // admin accounts
  ADMIN_USERNAME_TAKEN: 'conflict',
  ADMIN_SELF_LOCKOUT: 'conflict',
  // weapp / wecom / pay
  WEAPP_CODE_INVALID: 'unauthorized',
  WECOM_CODE_INVALID: 'unauthorized',
  // members & orders
  MEMBER_NOT_FOUND: 'not_found',
  ORDER_CONFLICT: 'conflict',
  REFUND_EXCEEDS_PAID: 'conflict',
  REFUND_CONFLICT: 'conflict',
  TIER_LADDER_INVALID: 'invalid_input',
  // points, wallet, perks
  POINTS_INSUFFICIENT: 'conflict',
  WALLET_INSUFFICIENT: 'conflict',
  PERK_QUOTA_EXCEEDED: 'conflict',
  PERK_TIER_LOCKED: 'forbidden',
  IDEMPOTENCY_CONFLICT: 'conflict',
  POINTS_BUSY: 'conflict',
  POINTS_ITEM_OUT_OF_STOCK: 'conflict',
  POINTS_ITEM_UNAVAILABLE: 'conflict',
  POINTS_ITEM_CODE_TAKEN: 'conflict',
  // engagement
  TASK_NOT_COMPLETED: 'conflict',
  EVENT_TIER_NOT_ELIGIBLE: 'forbidden',
  EVENT_SIGNUP_CLOSED: 'conflict',
  CHECKIN_TOKEN_INVALID: 'unauthorized',
  CHECKIN_ALREADY: 'conflict',
} as const satisfies Record<string, ErrorType>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Code of the generic 500 answer for unexpected failures (not an AppError code). */
export const INTERNAL_ERROR_CODE = 'INTERNAL';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
  requestId: string;
}
