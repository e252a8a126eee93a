import { ERROR_CODES, type ErrorCode, type ErrorType } from '@circles/shared';

export const HTTP_STATUS: Record<ErrorType, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream_failed: 502,
};

/** The one error type of the server. The middleware in app.ts maps it to HTTP. */
export class AppError extends Error {
  constructor(
    readonly type: ErrorType,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return HTTP_STATUS[this.type];
  }

  /** Builds an error whose type comes from the registered code. */
  static of(code: ErrorCode, message: string, details?: unknown): AppError {
    return new AppError(ERROR_CODES[code], code, message, details);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
