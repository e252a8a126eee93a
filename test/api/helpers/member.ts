import { randomBytes } from 'node:crypto';
import { integrationHeaders } from '@circles/server/src/modules/orders/integration-auth';
import type { TestApp } from './app';

/** Logs a member in the way the mini-program does: sandbox wx.login code → session. */
export async function loginMember(t: TestApp, openid: string, unionid?: string, scene?: string) {
  const code = await t.http.post('/sandbox/weapp/login-code').send({ openid, unionid }).expect(200);
  const res = await t.http
    .post('/api/mp/session')
    .send({ code: code.body.code, ...(scene ? { scene } : {}) })
    .expect(200);
  return {
    token: res.body.token as string,
    member: res.body.member,
    code: code.body.code as string,
  };
}

/** A fresh X-Circles-Nonce (22 characters of base64url). */
export const newNonce = () => randomBytes(16).toString('base64url');

export interface SignOptions {
  ts?: number;
  secret?: string;
  key?: string;
  nonce?: string;
  /** Sign for another path than the one called (replay tests). */
  signedPath?: string;
}

/** A POS system's signed call (scheme v2, key `sandbox`). */
export function signedPost(t: TestApp, path: string, body: unknown, opts: SignOptions = {}) {
  const raw = JSON.stringify(body);
  const ts = String(opts.ts ?? Math.floor(t.container.clock.now().getTime() / 1000));
  const headers = integrationHeaders(opts.key ?? 'sandbox', opts.secret ?? 'sandbox-secret', {
    timestamp: ts,
    nonce: opts.nonce ?? newNonce(),
    method: 'POST',
    path: opts.signedPath ?? path,
    rawBody: raw,
  });
  return t.http.post(path).set('Content-Type', 'application/json').set(headers).send(raw);
}

let seq = 0;
export function order(
  member: Record<string, string>,
  amount: number,
  extra: Record<string, unknown> = {},
) {
  seq++;
  return {
    orderNo: `T${Date.now()}${seq}`,
    member,
    channel: 'store',
    storeCode: 'SH001',
    paidAt: new Date().toISOString(),
    amount,
    items: [{ sku: 'SKU1', name: '羊绒大衣', category: '外套', quantity: 1, unitPrice: amount }],
    ...extra,
  };
}
