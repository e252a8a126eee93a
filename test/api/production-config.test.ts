import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError, loadConfig, testConfig } from '@circles/server/src/config';
import { openDatabase } from '@circles/server/src/db';
import { createLogger } from '@circles/server/src/lib/logger';
import { createContainer } from '@circles/server/src/container';
import { IndexBuildError } from '@circles/server/src/lib/indexes';
import { demoAccountLines } from '@circles/server/src/startup';
import { sandboxSubscribeTemplates } from '@circles/server/src/lib/subscribe-templates';
import { startTestApp } from './helpers/app';
import { signedPost } from './helpers/member';

const SECRETS = {
  SESSION_SECRET: 's'.repeat(32),
  PHONE_ENC_KEY: Buffer.alloc(32, 7).toString('base64'),
  METRICS_TOKEN: 'metrics-token-0123456789',
};
const WEAPP = {
  WEAPP_APPID: 'wx1234567890abcdef',
  WEAPP_SECRET: 'weapp-secret',
  WEAPP_SUBSCRIBE_TEMPLATES: JSON.stringify(sandboxSubscribeTemplates()),
};

describe('production start-up never falls back to the sandbox', () => {
  it('refuses with one line naming every missing credential', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration: missing SESSION_SECRET, PHONE_ENC_KEY, METRICS_TOKEN, WEAPP_APPID, WEAPP_SECRET, WEAPP_SUBSCRIBE_TEMPLATES with NODE_ENV=production \(or set SANDBOX=on explicitly for a sandbox server\)$/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SANDBOX: 'auto', ...SECRETS })).toThrow(
      /missing WEAPP_APPID, WEAPP_SECRET/,
    );
  });

  it('wants every credential of an integration once any of its variables is set', () => {
    const partial = { NODE_ENV: 'production', ...SECRETS, ...WEAPP, WECOM_CORP_ID: 'ww1' };
    expect(() => loadConfig(partial)).toThrow(
      /missing WECOM_AGENT_ID, WECOM_SECRET, WECOM_CALLBACK_TOKEN, WECOM_ENCODING_AES_KEY/,
    );
    expect(() => loadConfig({ ...partial, WECOM_CORP_ID: '', WXPAY_MCHID: '19' })).toThrow(
      /missing WXPAY_SERIAL_NO, WXPAY_PRIVATE_KEY_FILE, WXPAY_APIV3_KEY/,
    );
    const full = loadConfig({ NODE_ENV: 'production', ...SECRETS, ...WEAPP });
    expect(full).toMatchObject({ sandbox: false, warnings: [] });
    expect(full.integrationKeys.size).toBe(0);
  });

  it('runs the sandbox in production only when asked, loudly, with no public POS key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SANDBOX: 'on' })).toThrow(
      /missing SESSION_SECRET, PHONE_ENC_KEY, METRICS_TOKEN with NODE_ENV=production$/,
    );
    const c = loadConfig({ NODE_ENV: 'production', SANDBOX: 'on', ...SECRETS });
    expect(c.sandbox).toBe(true);
    expect(c.warnings.join(' ')).toMatch(/SANDBOX=on with NODE_ENV=production/);
    expect(c.integrationKeys.has('sandbox')).toBe(false);
  });

  it('generates secrets in sandbox mode only', () => {
    expect(() => loadConfig({ ...WEAPP })).toThrow(
      /missing SESSION_SECRET, PHONE_ENC_KEY outside sandbox mode/,
    );
    expect(loadConfig({}).sandbox).toBe(true);
  });

  it('creates no demo accounts and accepts no sandbox POS key in a production sandbox', async () => {
    const cfg = loadConfig({
      NODE_ENV: 'production',
      SANDBOX: 'on',
      LOG_LEVEL: 'silent',
      CIRCLES_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'circles-prod-')),
      ...SECRETS,
    });
    const t = await startTestApp({ ...cfg, mongodbUri: process.env.MONGODB_URI });
    try {
      expect(await demoAccountLines(t.container)).toEqual([]);
      const { AdminAccount } = t.container.conn.models;
      expect(await AdminAccount!.countDocuments()).toBe(0);
      const res = await signedPost(t, '/api/integrations/orders', {}).expect(401);
      expect(res.body.error.code).toBe('API_KEY_UNKNOWN');
    } finally {
      await t.close();
    }
  });

  it('exits non-zero with one line when started for production without credentials', () => {
    const server = path.resolve(__dirname, '../../server');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: server,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^circles: Invalid configuration: missing SESSION_SECRET.*WEAPP_SECRET/,
      ),
    ]);
  });
});

describe('indexes before traffic', () => {
  it('stops start-up naming the collection and index when a unique index cannot be built', async () => {
    // A restored database: two charges with one key, before the unique index exists.
    const config = testConfig({ mongodbUri: process.env.MONGODB_URI });
    const db = await openDatabase(config, createLogger({ level: 'silent' }));
    try {
      await db
        .connection!.collection('wallet_charges')
        .insertMany([{ key: 'dup' }, { key: 'dup' }]);
      const err = await createContainer(config, { db }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexBuildError);
      expect(String((err as Error).message)).toMatch(
        /^index key_1 on collection wallet_charges could not be built: .*dup/i,
      );
    } finally {
      await db.close();
    }
  });

  it('has built every unique index by the time the container is returned', async () => {
    const t = await startTestApp();
    try {
      const names = (await t.container.conn.collection('integration_nonces').indexes()).map(
        (i) => i.name,
      );
      expect(names).toEqual(expect.arrayContaining(['keyId_1_nonce_1', 'expireAt_1']));
    } finally {
      await t.close();
    }
  });
});

it('keeps ConfigError the type of every refusal', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
});
