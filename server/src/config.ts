import path from 'node:path';
import { z } from 'zod';

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
  INTEGRATION_KEYS: z
    .string()
    .regex(
      /^([A-Za-z0-9_-]+:[^,:\s]{16,})(,[A-Za-z0-9_-]+:[^,:\s]{16,})*$/,
      'must be keyId:secret[,keyId:secret] with secrets of 16+ characters',
    )
    .optional(),
  SESSION_SECRET: optionalText,
  PHONE_ENC_KEY: optionalText,
  WEAPP_APPID: optionalText,
  WEAPP_SECRET: optionalText,
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
  /** Public-key mode: WeChat Pay's public key id (PUB_KEY_ID_…) and its PEM file. */
  WXPAY_PUBLIC_KEY_ID: optionalText,
  WXPAY_PUBLIC_KEY_FILE: optionalText,
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
  /** POS / e-commerce API keys (key id → HMAC secret). */
  integrationKeys: Record<string, string>;
  phoneEncKey: string | undefined;
  weapp: { appid?: string; secret?: string };
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
    notifyUrl?: string;
    membershipRefund: 'prorata' | 'none';
  };
}

function parseKeys(raw: string | undefined, sandbox: boolean): Record<string, string> {
  if (!raw) return sandbox ? { sandbox: 'sandbox-secret' } : {};
  return Object.fromEntries(raw.split(',').map((pair) => pair.split(':') as [string, string]));
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
  const sandbox = e.SANDBOX === 'on' || (e.SANDBOX === 'auto' && !hasWechatCredentials);
  if (!sandbox && e.NODE_ENV === 'production' && (!e.SESSION_SECRET || !e.PHONE_ENC_KEY)) {
    throw new ConfigError(
      'Invalid configuration: SESSION_SECRET and PHONE_ENC_KEY are required outside sandbox mode',
    );
  }
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
    integrationKeys: parseKeys(e.INTEGRATION_KEYS, sandbox),
    phoneEncKey: e.PHONE_ENC_KEY,
    weapp: { appid: e.WEAPP_APPID, secret: e.WEAPP_SECRET },
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
