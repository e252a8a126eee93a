import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Core } from '../../core';
import { FakeWeComServer } from '../../sandbox/wecom/fake-wecom-server';
import type { WeComConsole } from '../../sandbox/wecom/wecom-console';
import type { FakeWeComState } from '../../sandbox/wecom/wecom-fake-state';
import { persistFakeWeCom } from '../../sandbox/wecom/wecom-persist';
import { WeComCrypto } from './crypto';
import { HttpWeComClient } from './http-wecom-client';
import { SharedRateLimiter } from './shared-rate-limiter';
import { localLimiter } from './wecom-transport';
import type { WeComClient } from './wecom-client';

/** Everything the WeCom modules need: the client, the callback cipher and the app identity. */
export interface WeComSetup {
  client: WeComClient;
  crypto: WeComCrypto;
  corpId: string;
  agentId: string;
}

export interface WeComSandbox {
  control: WeComConsole;
  state: FakeWeComState;
  url: string;
  /** The callback Token and EncodingAESKey made up at start (tests forge messages with them). */
  callback: { token: string; encodingAesKey: string };
}

const SANDBOX_CORP_ID = 'wwsandbox0circles0';
const SANDBOX_AGENT_ID = 1000002;

/**
 * Real WeCom when configured; in sandbox mode the fake on 127.0.0.1 with credentials made up
 * at start (the fake and the server share them in-process, so nothing needs configuring).
 * Null outside sandbox mode without WeCom configuration: the WeCom features are then off.
 */
export async function buildWeCom(
  core: Core,
): Promise<{ setup: WeComSetup | null; sandbox: WeComSandbox | null }> {
  const w = core.config.wecom;
  const logger = core.logger;
  // WeCom's limits are per corp, so every server instance spends one budget kept in MongoDB.
  const rateLimiter = new SharedRateLimiter(core.conn, localLimiter({}), { logger });
  if (!core.config.sandbox) {
    if (!w.corpId || !w.agentId || !w.secret || !w.callbackToken || !w.encodingAesKey) {
      logger.warn('WeCom is not configured (WECOM_*): the sidebar and WeCom callbacks are off');
      return { setup: null, sandbox: null };
    }
    const client = new HttpWeComClient({
      corpId: w.corpId,
      agentId: Number(w.agentId),
      agentSecret: w.secret,
      contactSecret: w.contactSecret,
      logger,
      rateLimiter,
    });
    const crypto = new WeComCrypto({
      token: w.callbackToken,
      encodingAesKey: w.encodingAesKey,
      receiveId: w.corpId,
    });
    return {
      setup: {
        client,
        crypto,
        corpId: w.corpId,
        agentId: w.agentId,
      },
      sandbox: null,
    };
  }
  const callback = {
    token: randomBytes(12).toString('hex'),
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43),
  };
  const agentSecret = randomBytes(16).toString('hex');
  const contactSecret = randomBytes(16).toString('hex');
  const fake = new FakeWeComServer({
    corpId: SANDBOX_CORP_ID,
    agentId: SANDBOX_AGENT_ID,
    agentSecret,
    contactSecret,
    callback: { ...callback, retryDelaysMs: [500, 1500, 3000] },
  });
  const url = await fake.start(0);
  core.onClose(() => fake.stop());
  // The fake plays WeCom pushing to our callback URL; tests point it at their own listener.
  if (core.config.env !== 'test') {
    const saved = persistFakeWeCom(
      fake.state,
      path.join(core.config.dataDir, 'sandbox', 'wecom.json'),
      logger,
    );
    core.onClose(async () => saved.stop());
    fake.control.setCallbackUrl(`http://127.0.0.1:${core.config.port}/callbacks/wecom`);
  }
  const client = new HttpWeComClient({
    corpId: SANDBOX_CORP_ID,
    agentId: SANDBOX_AGENT_ID,
    agentSecret,
    contactSecret,
    baseUrl: url,
    logger,
    rateLimiter,
    baseDelayMs: 20,
  });
  const crypto = new WeComCrypto({ ...callback, receiveId: SANDBOX_CORP_ID });
  return {
    setup: {
      client,
      crypto,
      corpId: SANDBOX_CORP_ID,
      agentId: String(SANDBOX_AGENT_ID),
    },
    sandbox: { control: fake.control, state: fake.state, url, callback },
  };
}
