import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export interface Secrets {
  sessionSecret: string;
  /** 32 bytes, AES-256-GCM key for phone numbers; also keys the lookup HMAC (derived). */
  phoneEncKey: Buffer;
}

/**
 * Configured secrets win. In sandbox mode (never in production) missing ones are generated once and kept in the data
 * dir so restarts keep sessions and stored phone numbers readable; tests get fresh ones.
 */
export function resolveSecrets(config: Config): Secrets {
  const fromConfig = (): Partial<{ sessionSecret: string; phoneEncKey: string }> => ({
    sessionSecret: config.sessionSecret,
    phoneEncKey: config.phoneEncKey,
  });
  let stored: Partial<{ sessionSecret: string; phoneEncKey: string }> = {};
  const file = path.join(config.dataDir, 'sandbox-secrets.json');
  const persist = config.env !== 'test';
  if (persist) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      stored = {};
    }
  }
  const cfg = fromConfig();
  // Outside sandbox mode, and always in production, a missing secret stops start-up (config
  // refuses it first); nothing is made up where real sessions or phone numbers would depend on it.
  if ((!config.sandbox || config.env === 'production') && (!cfg.sessionSecret || !cfg.phoneEncKey))
    throw new Error('SESSION_SECRET and PHONE_ENC_KEY are required outside sandbox mode');
  const sessionSecret =
    cfg.sessionSecret ?? stored.sessionSecret ?? randomBytes(32).toString('base64url');
  const phoneEncKey = cfg.phoneEncKey ?? stored.phoneEncKey ?? randomBytes(32).toString('base64');
  const key = Buffer.from(phoneEncKey, 'base64');
  if (key.length !== 32) throw new Error('PHONE_ENC_KEY must be 32 bytes, base64-encoded');
  if (persist && (!cfg.sessionSecret || !cfg.phoneEncKey)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ sessionSecret, phoneEncKey }), { mode: 0o600 });
  }
  return { sessionSecret, phoneEncKey: key };
}
