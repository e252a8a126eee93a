import pino, { type Logger } from 'pino';

export type { Logger };

/** Field names whose values never reach the logs, at any depth pino can address. */
const SECRET_KEYS = [
  'password',
  'passwordHash',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'sessionKey',
  'session_key',
  'authorization',
  'apiKey',
  'phone',
  'phoneNumber',
  'purePhoneNumber',
  'mobile',
  'encodingAesKey',
  'privateKey',
  'apiV3Key',
];

const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-circles-signature"]',
];

// Percent-escapes a number can hide behind in URLs: space, +, -, . and the digits themselves.
const ESCAPES_RE = /%(2[0BDE]|3[0-9])/gi;
const SEP = '[\\s+\\-.]?';
// Mainland mobile numbers, with an optional +86 / 0086 / 86 prefix and single separators
// (spaces, +, -, .) between digits: 13800138000, +86 138 0013 8000, 0086-138-0013-8000.
const PHONE_RE = new RegExp(
  `(?<!\\d)((?:(?:\\+|00)?86${SEP})?)(1[3-9](?:${SEP}\\d){9})(?!\\d)`,
  'g',
);

/**
 * Masks mainland mobile numbers inside free text (messages, URLs), also when percent-encoded
 * (`%2B86138…`, `138%2000…`): those escapes are decoded first, so the logged text shows them
 * decoded. Keeps the prefix, the first three and the last four digits.
 */
export function maskPhones(text: string): string {
  const plain = text.includes('%')
    ? text.replace(ESCAPES_RE, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
  return plain.replace(PHONE_RE, (_m, prefix: string, num: string) => {
    const digits = num.replace(/\D/g, '');
    return `${prefix}${digits.slice(0, 3)}****${digits.slice(-4)}`;
  });
}

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      // Free-text messages may quote user input; mask phone numbers before they are written.
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPhones(a) : a));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(options);
}
