import type { Doc } from './compare';

// The subset of MongoDB's error codes this engine produces, with their official names.
export const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  6: 'HostUnreachable',
  7: 'HostNotFound',
  8: 'UnknownError',
  11: 'UserNotFound',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  28: 'PathNotViable',
  40: 'ConflictingUpdateOperators',
  43: 'CursorNotFound',
  50: 'MaxTimeMSExpired',
  48: 'NamespaceExists',
  52: 'DollarPrefixedFieldName',
  53: 'InvalidIdField',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  89: 'NetworkTimeout',
  91: 'ShutdownInProgress',
  112: 'WriteConflict',
  115: 'CommandNotSupported',
  143: 'CursorInUse',
  121: 'DocumentValidationFailure',
  166: 'CommandNotSupportedOnView',
  167: 'OptionNotSupportedOnView',
  189: 'PrimarySteppedDown',
  262: 'ExceededTimeLimit',
  9001: 'SocketException',
  10107: 'NotWritablePrimary',
  11600: 'InterruptedAtShutdown',
  11602: 'InterruptedDueToReplStateChange',
  13435: 'NotPrimaryNoSecondaryOk',
  13436: 'NotPrimaryOrSecondary',
  171: 'CannotIndexParallelArrays',
  197: 'InvalidIndexSpecificationOption',
  10334: 'BSONObjectTooLarge',
  11000: 'DuplicateKey',
  16755: 'Location16755',
  17419: 'Location17419',
  40415: 'Location40415',
  40324: 'Location40324',
  51091: 'Location51091',
};

/** An error that becomes a MongoDB error reply: `{ok:0, errmsg, code, codeName, ...extra}`. */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Doc = {},
  ) {
    super(message);
  }

  get codeName(): string {
    return CODE_NAMES[this.code] ?? `Location${this.code}`;
  }

  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The shape used inside `writeErrors` arrays. */
  toWriteError(index: number): Doc {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export function badValue(message: string): MongoCommandError {
  return new MongoCommandError(2, message);
}

export function failedToParse(message: string): MongoCommandError {
  return new MongoCommandError(9, message);
}

export function typeMismatch(message: string): MongoCommandError {
  return new MongoCommandError(14, message);
}

/** Maps anything thrown by mingo or the engine onto a MongoDB error. */
export function toCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/would modify the immutable field/.test(message)) return new MongoCommandError(66, message);
  if (/would create a conflict/.test(message)) {
    return new MongoCommandError(40, message.replace(/^updating/, 'Updating'));
  }
  if (/Unknown update operator|unknown operator|not supported/i.test(message)) {
    return new MongoCommandError(2, message);
  }
  return new MongoCommandError(2, message);
}
