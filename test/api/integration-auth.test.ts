import { loadConfig } from '@circles/server/src/config';
import { parseIntegrationKeys } from '@circles/server/src/lib/integration-keys';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, newNonce, order, signedPost } from './helpers/member';

const ROTATING = 'pos-sh';
const OLD_SECRET = 'old secret, with: commas and spaces ✓';
const NEW_SECRET = '{"new"}:\t\n\\secret-0123456789';

describe('POS request signatures (v2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const keys = parseIntegrationKeys(JSON.stringify({ [ROTATING]: [OLD_SECRET, NEW_SECRET] }));
    keys.set('sandbox', ['sandbox-secret']);
    t = await startTestApp({ integrationKeys: keys });
  });
  afterAll(() => t.close());

  const refundsOf = async (orderNo: string) =>
    (await t.container.services.orders.m.Order.findOne({ orderNo }).lean())?.refunds ?? [];

  it('refuses a refund signed for order A when sent for order B or for a wallet charge', async () => {
    await loginMember(t, 'o-sig-v2');
    const a = order({ openid: 'o-sig-v2' }, 10_000);
    const b = order({ openid: 'o-sig-v2' }, 10_000);
    await signedPost(t, '/api/integrations/orders', a).expect(200);
    await signedPost(t, '/api/integrations/orders', b).expect(200);
    const refund = { refundNo: 'R-SIG-1', amount: 1_000, reason: '退货' };
    const forA = `/api/integrations/orders/${a.orderNo}/refunds`;
    for (const target of [
      `/api/integrations/orders/${b.orderNo}/refunds`,
      '/api/integrations/wallet/charges/C-SIG-1/refunds',
      `${forA}?again=1`,
    ]) {
      const res = await signedPost(t, target, refund, { signedPath: forA }).expect(401);
      expect(res.body.error.code).toBe('SIGNATURE_INVALID');
    }
    expect(await refundsOf(b.orderNo)).toHaveLength(0);
    expect(await refundsOf(a.orderNo)).toHaveLength(0);
    await signedPost(t, forA, refund).expect(200);
    expect(await refundsOf(a.orderNo)).toHaveLength(1);
  });

  it('refuses a nonce seen inside the window with 401 NONCE_REUSED, and malformed nonces', async () => {
    await loginMember(t, 'o-sig-nonce');
    const nonce = newNonce();
    const first = order({ openid: 'o-sig-nonce' }, 5_000);
    await signedPost(t, '/api/integrations/orders', first, { nonce }).expect(200);
    const other = order({ openid: 'o-sig-nonce' }, 6_000);
    const again = await signedPost(t, '/api/integrations/orders', other, { nonce }).expect(401);
    expect(again.body.error.code).toBe('NONCE_REUSED');
    expect(
      await t.container.services.orders.m.Order.countDocuments({ orderNo: other.orderNo }),
    ).toBe(0);
    for (const bad of ['short', 'has space in it', 'x'.repeat(65), 'semi;colon00']) {
      const res = await signedPost(t, '/api/integrations/orders', other, { nonce: bad });
      expect([res.status, res.body.error.code]).toEqual([401, 'NONCE_INVALID']);
    }
  });

  it('does not resolve __proto__, constructor or toString as key ids', async () => {
    const body = order({ openid: 'o-sig-proto' }, 1_000);
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await signedPost(t, '/api/integrations/orders', body, { key }).expect(401);
      expect(res.body.error.code).toBe('API_KEY_UNKNOWN');
    }
  });

  it('accepts both secrets of a rotating key, secrets with any characters', async () => {
    await loginMember(t, 'o-sig-rot');
    for (const secret of [OLD_SECRET, NEW_SECRET]) {
      const body = order({ openid: 'o-sig-rot' }, 2_000);
      const res = await signedPost(t, '/api/integrations/orders', body, { key: ROTATING, secret });
      expect(res.status).toBe(200);
    }
    const wrong = await signedPost(t, '/api/integrations/orders', order({ openid: 'x' }, 1), {
      key: ROTATING,
      secret: 'sandbox-secret',
    }).expect(401);
    expect(wrong.body.error.code).toBe('SIGNATURE_INVALID');
  });
});

describe('INTEGRATION_KEYS', () => {
  const base = { NODE_ENV: 'test', SANDBOX: 'on' };
  it('takes a JSON object with secrets of any characters and several secrets per key', () => {
    const keys = loadConfig({
      ...base,
      INTEGRATION_KEYS: JSON.stringify({
        a: 'x,y:z w'.repeat(3),
        b: ['1'.repeat(16), '2'.repeat(16)],
      }),
    }).integrationKeys;
    expect(keys.get('a')).toEqual(['x,y:z w'.repeat(3)]);
    expect(keys.get('b')).toHaveLength(2);
  });

  it('keeps the short keyId:secret form, a repeated key id adding a secret', () => {
    const keys = loadConfig({
      ...base,
      INTEGRATION_KEYS: `pos:${'a'.repeat(16)},pos:${'b'.repeat(16)},web:${'c'.repeat(16)}`,
    }).integrationKeys;
    expect([...keys.keys()]).toEqual(['pos', 'web']);
    expect(keys.get('pos')).toHaveLength(2);
  });

  it('refuses reserved key ids and short secrets with a line that never quotes the secret', () => {
    expect(() =>
      loadConfig({ ...base, INTEGRATION_KEYS: '{"__proto__":"0123456789abcdefXYZ"}' }),
    ).toThrow(/^Invalid configuration: INTEGRATION_KEYS key id __proto__ is reserved$/);
    expect(() => loadConfig({ ...base, INTEGRATION_KEYS: 'pos:tooShortSecret' })).toThrow(
      /INTEGRATION_KEYS the secret of pos must be a string of 16\+ characters/,
    );
    expect(() => loadConfig({ ...base, INTEGRATION_KEYS: 'pos:tooShortSecret' })).not.toThrow(
      /tooShortSecret/,
    );
  });
});
