import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Core } from '../../core';
import type { FakePayServer, PaySandboxControl } from '../../sandbox/wxpay/fake-pay-server';
import { startSandboxPay } from '../../sandbox/wxpay/sandbox-merchant';
import type { PayGateway } from './pay-gateway';
import { WechatPayGateway } from './wechatpay-gateway';

export interface PaySetup {
  gateway: PayGateway;
  /** Where WeChat Pay posts notifications for orders created now. */
  notifyUrl(): string;
}

export interface PaySandbox {
  control: PaySandboxControl;
  /** The whole fake, for tests that craft or inspect notifications. */
  fake: FakePayServer;
  url: string;
}

/**
 * The real merchant account when configured; in sandbox mode a fresh merchant identity and
 * the local fake. Null outside sandbox
 * mode without merchant configuration: paid features then answer 503.
 */
export async function buildPay(
  core: Core,
  appid: string,
): Promise<{ setup: PaySetup | null; sandbox: PaySandbox | null }> {
  const w = core.config.wxpay;
  const notifyUrl = () => w.notifyUrl ?? `${core.config.publicUrl}/callbacks/wxpay`;
  if (!core.config.sandbox) {
    if (!w.mchid || !w.serialNo || !w.privateKeyFile || !w.apiV3Key) {
      core.logger.warn('WeChat Pay is not configured; top-ups and paid membership are off');
      return { setup: null, sandbox: null };
    }
    const gateway = new WechatPayGateway({
      appid,
      mchid: w.mchid,
      merchantSerial: w.serialNo,
      merchantPrivateKey: readFileSync(w.privateKeyFile, 'utf8'),
      apiV3Key: w.apiV3Key,
      ...(w.publicKeyId && w.publicKeyFile
        ? { platformPublicKey: { id: w.publicKeyId, pem: readPublicKey(w.publicKeyFile) } }
        : {}),
      downloadCertificates: w.downloadCertificates,
      logger: core.logger,
    });
    return { setup: { gateway, notifyUrl }, sandbox: null };
  }
  const sb = await startSandboxPay(appid);
  core.onClose(() => sb.fake.stop());
  const gateway = new WechatPayGateway({
    ...sb.merchant,
    baseUrl: sb.url,
    platformPublicKey: sb.platformPublicKey,
    // The fake can play an older (certificate) merchant too, see setMode.
    downloadCertificates: true,
    logger: core.logger,
  });
  return {
    setup: { gateway, notifyUrl },
    sandbox: { control: sb.fake, fake: sb.fake, url: sb.url },
  };
}

/** Reads WXPAY_PUBLIC_KEY_FILE and fails start-up with one clear line if it is not a public key. */
export function readPublicKey(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
    createPublicKey(pem);
  } catch (e) {
    throw new Error(
      `WXPAY_PUBLIC_KEY_FILE=${file} is not a readable PEM public key: ${(e as Error).message}`,
    );
  }
  return pem;
}
