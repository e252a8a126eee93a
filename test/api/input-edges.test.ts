import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

/** JSON text whose string escapes decode to lone surrogates, as a broken client sends them. */
const rawJson = (body: Record<string, unknown>, field: string, escaped: string) =>
  JSON.stringify(body).replace(`"@@${field}@@"`, `"${escaped}"`);

describe('input edges: codes for Tencent and unpaired surrogates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, raw: string) =>
    t.http.post(url).set('Content-Type', 'application/json').send(raw);
  const fieldsOf = (res: { body: { error: { details?: { fields?: Array<{ path: string }> } } } }) =>
    (res.body.error.details?.fields ?? []).map((f) => f.path);

  it.each([
    ['\\ud800', 'a lone high surrogate'],
    ['ab\\udc00', 'a lone low surrogate'],
    ['code with spaces', 'spaces'],
    ['<script>', 'markup'],
    ['x'.repeat(129), '129 characters'],
  ])('refuses the login code %s (%s) with 400 naming body.code', async (code) => {
    const res = await post('/api/mp/session', rawJson({ code: '@@code@@' }, 'code', code));
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(fieldsOf(res)).toEqual(['body.code']);
  });

  it('refuses lone surrogates in the WeCom OAuth code and the launch scene', async () => {
    const sidebar = await post('/api/sidebar/session', '{"code":"\\ud83d"}');
    expect([sidebar.status, fieldsOf(sidebar)]).toEqual([400, ['body.code']]);
    const scene = await post('/api/mp/session', '{"code":"abc123","scene":"x\\udfff"}');
    expect([scene.status, fieldsOf(scene)]).toEqual([400, ['body.scene']]);
  });

  it('refuses a lone surrogate in any string field or key, and stores nothing', async () => {
    await loginMember(t, 'o-edge');
    const body = order({ openid: 'o-edge' }, 1_000);
    const items = [{ ...body.items[0], name: '@@name@@' }];
    const raw = rawJson({ ...body, items }, 'name', '羊绒\\ud800');
    const res = await t.http
      .post('/api/integrations/orders')
      .set('Content-Type', 'application/json')
      .send(raw);
    expect(res.status).toBe(401); // unsigned: auth comes first
    const signed = await signedPost(t, '/api/integrations/orders', JSON.parse(raw));
    expect([signed.status, fieldsOf(signed)]).toEqual([400, ['body.items.0.name']]);
    const key = await post('/api/mp/session', '{"code":"abc123","\\ud800":1}');
    expect([key.status, fieldsOf(key)]).toEqual([400, ['body.\ud800']]);
    expect(
      await t.container.services.orders.m.Order.countDocuments({ orderNo: body.orderNo }),
    ).toBe(0);
  });
});
