import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  nonce,
  responseMessage,
  rsaSign,
  unixSeconds,
} from '@circles/server/src/integrations/wxpay/signing';
import type { FakePayServer } from '@circles/server/src/sandbox/wxpay/fake-pay-server';
import type { ContainerOverrides } from '@circles/server/src/container';
import { startTestApp, type TestApp } from './app';

export interface PayTestApp extends TestApp {
  fake: FakePayServer;
  url: string;
}

/**
 * A test app that really listens, so the fake Pay API can post notifications to
 * /callbacks/wxpay (PUBLIC_URL is the listening address).
 */
export async function startPayApp(overrides: ContainerOverrides = {}): Promise<PayTestApp> {
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await startTestApp({ publicUrl: url }, overrides);
  handler = t.app.callback();
  const fake = t.container.services.integrations.sandbox?.pay?.fake;
  if (!fake) throw new Error('sandbox pay is not running');
  return {
    ...t,
    fake,
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await t.close();
    },
  };
}

/** A TRANSACTION.SUCCESS notification for a fake order, signed and encrypted like the platform. */
export function transactionNotice(fake: FakePayServer, outTradeNo: string, patch: object = {}) {
  const order = fake.order(outTradeNo);
  if (!order) throw new Error(`no fake order ${outTradeNo}`);
  const resource = { ...fake.state.view(order), trade_state: 'SUCCESS', ...patch };
  const { body } = fake.notifier.envelope('TRANSACTION.SUCCESS', 'transaction', resource);
  return { body, headers: fake.notifier.headers(body) };
}

/** Re-signs a body with the platform key at a chosen time (for stale-timestamp cases). */
export function signedAt(fake: FakePayServer, body: string, atMs: number) {
  const { serial, privateKey } = fake.state.signer();
  const ts = unixSeconds(atMs);
  const n = nonce();
  return {
    'Content-Type': 'application/json',
    'Wechatpay-Serial': serial,
    'Wechatpay-Timestamp': ts,
    'Wechatpay-Nonce': n,
    'Wechatpay-Signature': rsaSign(privateKey, responseMessage(ts, n, body)),
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** A signature by a key that is not WeChat Pay's. */
export function forgedSignature(headers: Record<string, string>, body: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ts = headers['Wechatpay-Timestamp'] ?? '';
  const n = headers['Wechatpay-Nonce'] ?? '';
  return { ...headers, 'Wechatpay-Signature': rsaSign(privateKey, responseMessage(ts, n, body)) };
}

/** Flips the last byte of the ciphertext (part of the GCM tag) and re-signs the body. */
export function flipTag(fake: FakePayServer, body: string) {
  const env = JSON.parse(body) as { resource: { ciphertext: string } };
  const bytes = Buffer.from(env.resource.ciphertext, 'base64');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  env.resource.ciphertext = bytes.toString('base64');
  const tampered = JSON.stringify(env);
  return { body: tampered, headers: fake.notifier.headers(tampered) };
}
