import path from 'node:path';
import { z } from 'zod';
import { IntegrationKeysError, parseIntegrationKeys } from './lib/integration-keys';
import {
  parseSubscribeTemplates,
  type SubscribeTemplates,
  SubscribeTemplatesError,
  sandboxSubscribeTemplates,
} from './lib/subscribe-templates';

/** Repo root (server/src/config.ts → ../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const mongoUri = z
  .string()
  .regex(/^mongodb(\+srv)?:\/\/[^/\s]+(\/[^\s]*)?$/, 'must look like mongodb://host:port/db');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.enum(['0', '1']).optional(),
  MONGODB_URI: z.preprocess((v) => (v === '' ? undefined : v), mongoUri.optional()),
  CIRCLES_DATA_DIR: optionalText,
  SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),
  SEED_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  /** POS keys: a JSON object (any secret characters) or keyId:secret[,…]; see parseIntegrationKeys. */
  INTEGRATION_KEYS: optionalText,
  /** Trusted reverse-proxy hops in front of the server; unset: X-Forwarded-For is ignored. */
  TRUST_PROXY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ message: 'must be the number of proxy hops (1, 2, …)' })
      .int('must be a whole number of hops')
      .min(1, 'must be 1 or more (unset it to trust no proxy)')
      .max(10, 'must be 10 or fewer')
      .optional(),
  ),
  /** Bearer token for /metrics; required in production. */
  METRICS_TOKEN: optionalText.refine(
    (v) => v === undefined || v.length >= 16,
    'must be at least 16 characters',
  ),
  SESSION_SECRET: optionalText,
  PHONE_ENC_KEY: optionalText,
  WEAPP_APPID: optionalText,
  WEAPP_SECRET: optionalText,
  /** Which build the invite codes open (getwxacodeunlimit env_version): trial/develop for testing. */
  WEAPP_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
  /** getwxacodeunlimit check_path; default: on for release codes only (unreleased pages fail it). */
  WEAPP_QR_CHECK_PATH: z.enum(['true', 'false']).optional(),
  /** Subscribe-message templates per purpose (JSON, see lib/subscribe-templates.ts). */
  WEAPP_SUBSCRIBE_TEMPLATES: optionalText,
  WECOM_CORP_ID: optionalText,
  WECOM_AGENT_ID: optionalText,
  WECOM_SECRET: optionalText,
  /** The customer-contact secret, when the corp does not let the self-built app call those APIs. */
  WECOM_CONTACT_SECRET: optionalText,
  /** media_id of the image on the welcome message's mini-program card (uploaded once). */
  WECOM_WELCOME_PIC_MEDIA_ID: optionalText,
  WECOM_CALLBACK_TOKEN: optionalText,
  WECOM_ENCODING_AES_KEY: optionalText,
  WXPAY_MCHID: optionalText,
  /** Public-key mode (primary): WeChat Pay's public key id (PUB_KEY_ID_…) and its PEM file. */
  WXPAY_PUBLIC_KEY_ID: optionalText.refine(
    (v) => v === undefined || /^PUB_KEY_ID_\w+$/.test(v),
    'must be the public key id shown in the merchant platform (PUB_KEY_ID_…)',
  ),
  WXPAY_PUBLIC_KEY_FILE: optionalText,
  /** Certificate mode (fallback): download platform certificates for other serials. */
  WXPAY_PLATFORM_CERTS: z.enum(['download', 'off']).optional(),
  /** Where WeChat Pay posts notifications; defaults to PUBLIC_URL + /callbacks/wxpay. */
  WXPAY_NOTIFY_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  /** How a paid membership is refunded: pro rata for the unused days, or not at all. */
  WXPAY_MEMBERSHIP_REFUND: z.enum(['prorata', 'none']).default('prorata'),
  WXPAY_SERIAL_NO: optionalText,
  WXPAY_PRIVATE_KEY_FILE: optionalText,
  WXPAY_APIV3_KEY: optionalText,
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  logLevel: Env['LOG_LEVEL'];
  logPretty: boolean;
  mongodbUri: string | undefined;
  dataDir: string;
  /** True when no WeChat credentials are configured (or SANDBOX=on): local fakes are used. */
  sandbox: boolean;
  seedDemo: 'auto' | 'on' | 'off';
  sessionSecret: string | undefined;
  /** POS / e-commerce API keys: key id → its HMAC secrets (several while rotating). */
  integrationKeys: ReadonlyMap<string, readonly string[]>;
  /** Reverse-proxy hops whose X-Forwarded-For entries are believed; 0 = none. */
  trustProxyHops: number;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Loud start-up warnings (e.g. sandbox mode in production), printed by main. */
  warnings: string[];
  phoneEncKey: string | undefined;
  weapp: {
    appid?: string;
    secret?: string;
    envVersion: 'release' | 'trial' | 'develop';
    qrCheckPath?: boolean;
    /** Per purpose; null outside sandbox mode when unset (subscribe messages are off). */
    subscribeTemplates: SubscribeTemplates | null;
  };
  wecom: {
    corpId?: string;
    agentId?: string;
    secret?: string;
    contactSecret?: string;
    callbackToken?: string;
    encodingAesKey?: string;
    welcomePicMediaId?: string;
  };
  wxpay: {
    mchid?: string;
    serialNo?: string;
    privateKeyFile?: string;
    apiV3Key?: string;
    publicKeyId?: string;
    publicKeyFile?: string;
    /** Whether platform certificates are downloaded for serials that are not the public key. */
    downloadCertificates: boolean;
    notifyUrl?: string;
    membershipRefund: 'prorata' | 'none';
  };
}

/** The public POS key of sandbox mode (README); never configured in production. */
export const SANDBOX_INTEGRATION_KEY = { keyId: 'sandbox', secret: 'sandbox-secret' } as const;

function integrationKeys(
  raw: string | undefined,
  sandbox: boolean,
  env: Env['NODE_ENV'],
): Map<string, string[]> {
  if (raw) {
    try {
      return parseIntegrationKeys(raw);
    } catch (err) {
      if (!(err instanceof IntegrationKeysError)) throw err;
      throw new ConfigError(`Invalid configuration: INTEGRATION_KEYS ${err.message}`);
    }
  }
  const publicKey = sandbox && env !== 'production';
  return new Map(
    publicKey ? [[SANDBOX_INTEGRATION_KEY.keyId, [SANDBOX_INTEGRATION_KEY.secret]]] : [],
  );
}

/**
 * WeChat Pay signatures are verified with the public key (new merchants have no platform
 * certificates) or, as the fallback, with downloaded platform certificates. In production a
 * merchant with neither could not verify a single notification, so start-up stops.
 */
function checkPayVerification(e: Env, sandbox: boolean): boolean {
  if (Boolean(e.WXPAY_PUBLIC_KEY_ID) !== Boolean(e.WXPAY_PUBLIC_KEY_FILE)) {
    throw new ConfigError(
      'Invalid configuration: WXPAY_PUBLIC_KEY_ID and WXPAY_PUBLIC_KEY_FILE go together',
    );
  }
  const hasPublicKey = Boolean(e.WXPAY_PUBLIC_KEY_ID);
  if (
    !sandbox &&
    e.NODE_ENV === 'production' &&
    e.WXPAY_MCHID &&
    !hasPublicKey &&
    e.WXPAY_PLATFORM_CERTS !== 'download'
  ) {
    throw new ConfigError(
      'Invalid configuration: WeChat Pay needs WXPAY_PUBLIC_KEY_ID and WXPAY_PUBLIC_KEY_FILE (public-key mode) or WXPAY_PLATFORM_CERTS=download (platform certificates)',
    );
  }
  return hasPublicKey;
}

/**
 * What start-up cannot do without: the secrets outside sandbox mode, and in production the
 * secrets, METRICS_TOKEN and every credential of each integration that is enabled (WeChat
 * always; WeCom or WeChat Pay once any of their variables is set). One line names them all.
 */
function checkRequired(e: Env, sandbox: boolean): void {
  const missing = (names: Array<keyof Env>) => names.filter((n) => !e[n]);
  const prod = e.NODE_ENV === 'production';
  const need: Array<keyof Env> = [];
  if (!sandbox || prod) need.push(...missing(['SESSION_SECRET', 'PHONE_ENC_KEY']));
  if (prod) need.push(...missing(['METRICS_TOKEN']));
  if (prod && !sandbox) {
    need.push(...missing(['WEAPP_APPID', 'WEAPP_SECRET', 'WEAPP_SUBSCRIBE_TEMPLATES']));
    for (const group of [WECOM_VARS, WXPAY_VARS]) {
      if (group.some((n) => e[n])) need.push(...missing(group));
    }
  }
  if (need.length === 0) return;
  const where = prod ? 'with NODE_ENV=production' : 'outside sandbox mode';
  const hint = prod && !sandbox ? ' (or set SANDBOX=on explicitly for a sandbox server)' : '';
  throw new ConfigError(`Invalid configuration: missing ${need.join(', ')} ${where}${hint}`);
}

const WECOM_VARS: Array<keyof Env> = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_CALLBACK_TOKEN',
  'WECOM_ENCODING_AES_KEY',
];
const WXPAY_VARS: Array<keyof Env> = [
  'WXPAY_MCHID',
  'WXPAY_SERIAL_NO',
  'WXPAY_PRIVATE_KEY_FILE',
  'WXPAY_APIV3_KEY',
];

/**
 * Configured templates win; sandbox mode generates its own (registered with the fake). Real
 * WeChat never gets sandbox ids: outside sandbox mode an unset variable turns messages off,
 * and production refuses to start without it (checkRequired).
 */
function subscribeTemplates(raw: string | undefined, sandbox: boolean): SubscribeTemplates | null {
  if (raw) {
    try {
      return parseSubscribeTemplates(raw);
    } catch (err) {
      if (!(err instanceof SubscribeTemplatesError)) throw err;
      throw new ConfigError(`Invalid configuration: WEAPP_SUBSCRIBE_TEMPLATES ${err.message}`);
    }
  }
  return sandbox ? sandboxSubscribeTemplates() : null;
}

function sandboxWarnings(e: Env, sandbox: boolean): string[] {
  if (!sandbox || e.NODE_ENV !== 'production') return [];
  return [
    '!!! SANDBOX=on with NODE_ENV=production: WeChat, WeCom and WeChat Pay are local FAKES.',
    '!!! No real member can log in or pay; there is no public POS key and no demo accounts.',
  ];
}

/** Parses the environment once; throws ConfigError with one readable line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return `${name}=${JSON.stringify(env[name] ?? '')} ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const hasWechatCredentials = Boolean(e.WEAPP_APPID && e.WEAPP_SECRET);
  // Production never switches to sandbox by itself: only an explicit SANDBOX=on does.
  const sandbox =
    e.SANDBOX === 'on' ||
    (e.SANDBOX === 'auto' && e.NODE_ENV !== 'production' && !hasWechatCredentials);
  checkRequired(e, sandbox);
  const hasPublicKey = checkPayVerification(e, sandbox);
  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    port,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${port}`,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY === '1',
    mongodbUri: e.MONGODB_URI,
    dataDir: path.resolve(e.CIRCLES_DATA_DIR ?? path.join(REPO_ROOT, '.data')),
    sandbox,
    seedDemo: e.SEED_DEMO,
    sessionSecret: e.SESSION_SECRET,
    integrationKeys: integrationKeys(e.INTEGRATION_KEYS, sandbox, e.NODE_ENV),
    trustProxyHops: e.TRUST_PROXY ?? 0,
    metricsToken: e.METRICS_TOKEN,
    warnings: sandboxWarnings(e, sandbox),
    phoneEncKey: e.PHONE_ENC_KEY,
    weapp: {
      appid: e.WEAPP_APPID,
      secret: e.WEAPP_SECRET,
      envVersion: e.WEAPP_ENV_VERSION,
      qrCheckPath:
        e.WEAPP_QR_CHECK_PATH === undefined ? undefined : e.WEAPP_QR_CHECK_PATH === 'true',
      subscribeTemplates: subscribeTemplates(e.WEAPP_SUBSCRIBE_TEMPLATES, sandbox),
    },
    wecom: {
      corpId: e.WECOM_CORP_ID,
      agentId: e.WECOM_AGENT_ID,
      secret: e.WECOM_SECRET,
      contactSecret: e.WECOM_CONTACT_SECRET,
      welcomePicMediaId: e.WECOM_WELCOME_PIC_MEDIA_ID,
      callbackToken: e.WECOM_CALLBACK_TOKEN,
      encodingAesKey: e.WECOM_ENCODING_AES_KEY,
    },
    wxpay: {
      mchid: e.WXPAY_MCHID,
      serialNo: e.WXPAY_SERIAL_NO,
      privateKeyFile: e.WXPAY_PRIVATE_KEY_FILE,
      apiV3Key: e.WXPAY_APIV3_KEY,
      publicKeyId: e.WXPAY_PUBLIC_KEY_ID,
      publicKeyFile: e.WXPAY_PUBLIC_KEY_FILE,
      downloadCertificates:
        e.WXPAY_PLATFORM_CERTS === 'download' ||
        (e.WXPAY_PLATFORM_CERTS === undefined && !hasPublicKey && e.NODE_ENV !== 'production'),
      notifyUrl: e.WXPAY_NOTIFY_URL,
      membershipRefund: e.WXPAY_MEMBERSHIP_REFUND,
    },
  };
}

/** A config for tests: in-memory database, sandbox mode, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SANDBOX: 'on', SEED_DEMO: 'off' }),
    ...overrides,
  };
}
