import { signIntegration } from '@circles/server/src/modules/orders/integration-auth';
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

/** A POS system's signed call (key `sandbox`). */
export function signedPost(
  t: TestApp,
  path: string,
  body: unknown,
  opts: { ts?: number; secret?: string; key?: string } = {},
) {
  const raw = JSON.stringify(body);
  const ts = String(opts.ts ?? Math.floor(t.container.clock.now().getTime() / 1000));
  return t.http
    .post(path)
    .set('Content-Type', 'application/json')
    .set('X-Circles-Key', opts.key ?? 'sandbox')
    .set('X-Circles-Timestamp', ts)
    .set('X-Circles-Signature', signIntegration(opts.secret ?? 'sandbox-secret', ts, raw))
    .send(raw);
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
