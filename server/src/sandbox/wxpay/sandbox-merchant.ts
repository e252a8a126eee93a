import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Clock } from '../common/clock';
import { randomId } from '../common/ids';
import { FakePayServer } from './fake-pay-server';

export interface SandboxMerchant {
  appid: string;
  mchid: string;
  merchantSerial: string;
  merchantPrivateKey: string;
  apiV3Key: string;
}

/**
 * A fresh merchant identity and the fake that knows it: what sandbox mode and tests run
 * WechatPayGateway against (the fake's public key goes to the gateway as configuration,
 * exactly as a merchant downloads it from the real merchant platform).
 */
export async function startSandboxPay(appid: string, clock?: Clock) {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchant: SandboxMerchant = {
    appid,
    mchid: `19${randomId(8, '0123456789')}`,
    merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
    merchantPrivateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    apiV3Key: randomId(32),
  };
  const fake = new FakePayServer({
    appid,
    mchid: merchant.mchid,
    apiV3Key: merchant.apiV3Key,
    merchant: { serial: merchant.merchantSerial, publicKey: keys.publicKey },
    ...(clock ? { clock } : {}),
  });
  const url = await fake.start(0);
  const { id, pem } = fake.state.platform.publicKey;
  return { fake, url, merchant, platformPublicKey: { id, pem } };
}
