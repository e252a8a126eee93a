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
  NONCE_INVALID: 'unauthorized',
  NONCE_REUSED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  ROLE_FORBIDDEN: 'forbidden',
  TOKEN_REVOKED: 'unauthorized',
  // admin accounts
  ADMIN_USERNAME_TAKEN: 'conflict',
  ADMIN_SELF_LOCKOUT: 'conflict',
  // weapp / wecom / pay
  WEAPP_CODE_INVALID: 'unauthorized',
  WECOM_CODE_INVALID: 'unauthorized',
  PAY_DISABLED: 'upstream_failed',
  PAY_PLAN_NOT_FOUND: 'not_found',
  PAY_ORDER_NOT_FOUND: 'not_found',
  PAY_OPENID_MISSING: 'conflict',
  PAY_NOT_REFUNDABLE: 'conflict',
  // members & orders
  MEMBER_NOT_FOUND: 'not_found',
  ORDER_CONFLICT: 'conflict',
  REFUND_EXCEEDS_PAID: 'conflict',
  REFUND_CONFLICT: 'conflict',
  TIER_LADDER_INVALID: 'invalid_input',
  TIER_CONFLICT: 'conflict',
  CIRCLE_NOT_FOUND: 'not_found',
  CIRCLE_ID_TAKEN: 'conflict',
  CIRCLE_UNKNOWN: 'invalid_input',
  PERK_CIRCLE_LOCKED: 'forbidden',
  TASK_CIRCLE_LOCKED: 'forbidden',
  EVENT_CIRCLE_LOCKED: 'forbidden',
  PLAYBOOK_NOT_FOUND: 'not_found',
  PLAYBOOK_ID_TAKEN: 'conflict',
  PLAYBOOK_STATE: 'conflict',
  PLAYBOOK_TARGET_UNKNOWN: 'invalid_input',
  PLAYBOOK_TASK_NOT_FOUND: 'not_found',
  // points, wallet, perks
  POINTS_INSUFFICIENT: 'conflict',
  WALLET_INSUFFICIENT: 'conflict',
  PERK_QUOTA_EXCEEDED: 'conflict',
  PERK_TIER_LOCKED: 'forbidden',
  PERK_NOT_FOUND: 'not_found',
  PERK_CODE_TAKEN: 'conflict',
  PERK_NOT_CLAIMABLE: 'conflict',
  PERK_EXPIRED: 'conflict',
  PERK_REVOKED: 'conflict',
  PERK_REDEMPTION_UNKNOWN: 'not_found',
  COUPON_ORDER_REQUIRED: 'invalid_input',
  COUPON_NOT_APPLICABLE: 'conflict',
  PERK_COUPON_TERMS_INVALID: 'invalid_input',
  IDEMPOTENCY_CONFLICT: 'conflict',
  POINTS_BUSY: 'conflict',
  POINTS_ITEM_OUT_OF_STOCK: 'conflict',
  POINTS_ITEM_UNAVAILABLE: 'conflict',
  POINTS_ITEM_CODE_TAKEN: 'conflict',
  POINTS_ITEM_NOT_FOUND: 'not_found',
  POINTS_GRANT_NOT_FOUND: 'not_found',
  POINTS_GRANT_NOT_PENDING: 'conflict',
  POINTS_GRANT_SELF_APPROVAL: 'forbidden',
  POINTS_GRANT_NOT_RUNNABLE: 'conflict',
  POINTS_SEGMENT_UNAVAILABLE: 'conflict',
  WALLET_BUSY: 'conflict',
  MEMBER_CODE_INVALID: 'not_found',
  MEMBER_CODE_USED: 'conflict',
  MEMBER_CODE_EXPIRED: 'conflict',
  WALLET_CHARGE_NOT_FOUND: 'not_found',
  WALLET_REFUND_EXCEEDS_CHARGED: 'conflict',
  WALLET_TOPUP_NOT_FOUND: 'not_found',
  WALLET_RULE_NOT_FOUND: 'not_found',
  WALLET_RULE_THRESHOLD_TAKEN: 'conflict',
  // engagement
  TASK_NOT_COMPLETED: 'conflict',
  EVENT_TIER_NOT_ELIGIBLE: 'forbidden',
  EVENT_SIGNUP_CLOSED: 'conflict',
  CHECKIN_TOKEN_INVALID: 'unauthorized',
  CHECKIN_ALREADY: 'conflict',
  TASK_CODE_TAKEN: 'conflict',
  REFERRAL_CODE_INVALID: 'not_found',
  REFERRAL_SELF_INVITE: 'conflict',
  REFERRAL_EXISTING_MEMBER: 'conflict',
  REFERRAL_IDENTITY_SEEN: 'conflict',
  REFERRAL_CYCLE: 'conflict',
  REFERRAL_CAP_REACHED: 'conflict',
  REFERRAL_ALREADY_BOUND: 'conflict',
  EVENT_NOT_OPEN: 'conflict',
  EVENT_SIGNUP_NOT_FOUND: 'not_found',
  CHECKIN_NOT_REGISTERED: 'conflict',
} as const satisfies Record<string, ErrorType>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Code of the generic 500 answer for unexpected failures (not an AppError code). */
export const INTERNAL_ERROR_CODE = 'INTERNAL';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
  requestId: string;
}
