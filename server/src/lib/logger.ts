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

const PHONE_RE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g;

/** Masks mainland mobile numbers inside free text (messages, URLs). */
export function maskPhones(text: string): string {
  return text.replace(PHONE_RE, (m) => `${m.slice(0, m.length - 8)}****${m.slice(-4)}`);
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
