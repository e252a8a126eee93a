import type { Core } from '../core';
import { HttpWeappClient } from './weapp/http-weapp-client';
import type { WeappClient } from './weapp/weapp-client';
import type { WeappEnvVersion } from './weapp/http-weapp-client';
import { FakeWeappServer } from '../sandbox/weapp/fake-weapp-server';
import { SANDBOX_RELEASED_PAGES } from '../sandbox/weapp/released-pages';
import type { WeappSandboxControl } from '../sandbox/weapp/weapp-fake-state';
import { buildWeCom, type WeComSandbox, type WeComSetup } from './wecom/build';
import { buildPay, type PaySandbox, type PaySetup } from './wxpay/build';

export interface Integrations {
  weapp: WeappClient;
  /** The mini-program appid (mini-program cards sent from WeCom open it). */
  weappAppid: string;
  /** Null when WeCom is not configured outside sandbox mode. */
  wecom: WeComSetup | null;
  /** Null when WeChat Pay is not configured outside sandbox mode. */
  pay: PaySetup | null;
  /** Present only in sandbox mode: the local fakes' control sides. */
  sandbox: {
    weapp: WeappSandboxControl;
    weappUrl: string;
    wecom: WeComSandbox | null;
    pay: PaySandbox | null;
  } | null;
}

const SANDBOX_APPID = 'wx0sandbox0circles';

/**
 * getwxacodeunlimit settings for trial/develop builds, from WEAPP_ENV_VERSION and
 * WEAPP_QR_CHECK_PATH (default: codes for the released version, check_path on for those only).
 */
function qrDefaults(w: { appid?: string; envVersion?: WeappEnvVersion; qrCheckPath?: boolean }) {
  return { envVersion: w.envVersion, checkPath: w.qrCheckPath };
}
const SANDBOX_SECRET = 'sandbox-weapp-secret-0000000000';

/**
 * Real Tencent clients with configured credentials; in sandbox mode the same real clients
 * pointed at local fakes that speak the same protocol.
 */
export async function buildIntegrations(core: Core): Promise<Integrations> {
  if (!core.config.sandbox) {
    const { appid, secret } = core.config.weapp;
    if (!appid || !secret)
      throw new Error('WEAPP_APPID and WEAPP_SECRET are required outside sandbox mode');
    const { setup } = await buildWeCom(core);
    const pay = await buildPay(core, appid);
    return {
      weapp: new HttpWeappClient({ appid, secret, qr: qrDefaults(core.config.weapp) }),
      weappAppid: appid,
      wecom: setup,
      pay: pay.setup,
      sandbox: null,
    };
  }
  const fake = new FakeWeappServer({
    appid: SANDBOX_APPID,
    secret: SANDBOX_SECRET,
    publishedPages: [...SANDBOX_RELEASED_PAGES],
  });
  const weappUrl = await fake.start(0);
  core.onClose(() => fake.stop());
  const weapp = new HttpWeappClient({
    appid: SANDBOX_APPID,
    secret: SANDBOX_SECRET,
    baseUrl: weappUrl,
  });
  const wecom = await buildWeCom(core);
  const pay = await buildPay(core, SANDBOX_APPID);
  return {
    weapp,
    weappAppid: SANDBOX_APPID,
    wecom: wecom.setup,
    pay: pay.setup,
    sandbox: { weapp: fake.control, weappUrl, wecom: wecom.sandbox, pay: pay.sandbox },
  };
}
