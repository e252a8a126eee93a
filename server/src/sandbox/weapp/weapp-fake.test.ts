import Koa from 'koa';
import request from 'supertest';
import { isAppError } from '../../lib/errors';
import { ManualClock } from '../common/clock';
import { FakeWeappServer } from './fake-weapp-server';
import { createWeappSandboxRouter } from './weapp-sandbox.routes';

const APPID = 'wx-fake-app';
const SECRET = 'fake-secret';

async function stable(url: string, forceRefresh = false) {
  const res = await fetch(`${url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({
      grant_type: 'client_credential',
      appid: APPID,
      secret: SECRET,
      force_refresh: forceRefresh,
    }),
  });
  return (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number };
}

describe('FakeWeappServer', () => {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const fake = new FakeWeappServer({ appid: APPID, secret: SECRET, clock });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('returns the same stable token while valid and renews it in its last five minutes', async () => {
    const a = await stable(fake.url);
    const b = await stable(fake.url);
    expect(b.access_token).toBe(a.access_token);
    clock.advance(7200_000 - 299_000);
    const c = await stable(fake.url);
    expect(c.access_token).not.toBe(a.access_token);
    expect(c.expires_in).toBe(7200);
    expect(fake.state.tokens.check(a.access_token)).toBe(0); // old one lives to its own expiry
  });

  it('limits stable-token force refreshes to one per 30 s and kills the previous token', async () => {
    const a = await stable(fake.url);
    const forced = await stable(fake.url, true);
    expect(forced.access_token).not.toBe(a.access_token);
    expect(fake.state.tokens.check(a.access_token)).toBe(40001);
    expect((await stable(fake.url, true)).errcode).toBe(45009);
    clock.advance(30_000);
    expect((await stable(fake.url, true)).access_token).toBeDefined();
  });

  it('answers business APIs without a token with 41001 and bad JSON with 47001', async () => {
    const none = await fetch(`${fake.url}/wxa/business/getuserphonenumber`, { method: 'POST' });
    expect(((await none.json()) as { errcode: number }).errcode).toBe(41001);
    const { access_token } = await stable(fake.url);
    const bad = await fetch(
      `${fake.url}/wxa/business/getuserphonenumber?access_token=${access_token}`,
      { method: 'POST', body: '{not json' },
    );
    expect(((await bad.json()) as { errcode: number }).errcode).toBe(47001);
  });

  describe('control router', () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (e) {
        if (!isAppError(e)) throw e;
        ctx.status = e.status;
        ctx.body = { error: { code: e.code, message: e.message, details: e.details } };
      }
    });
    app.use(createWeappSandboxRouter(fake.control).routes());
    const server = app.callback();

    it('issues a login code that jscode2session accepts exactly once', async () => {
      const res = await request(server)
        .post('/sandbox/weapp/login-code')
        .send({ openid: 'o-router', unionid: 'u-router' })
        .expect(200);
      const url = `${fake.url}/sns/jscode2session?appid=${APPID}&secret=${SECRET}&js_code=${res.body.code}&grant_type=authorization_code`;
      expect(await (await fetch(url)).json()).toMatchObject({
        openid: 'o-router',
        unionid: 'u-router',
      });
      expect(await (await fetch(url)).json()).toMatchObject({ errcode: 40029 });
    });

    it('rejects a phone code request without a phone with 400 and the field path', async () => {
      const res = await request(server)
        .post('/sandbox/weapp/phone-code')
        .send({ openid: 'o-router' })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields).toEqual([expect.objectContaining({ path: 'phone' })]);
    });

    it('expires issued tokens on request so tests can watch the 42001 retry', async () => {
      const { access_token } = await stable(fake.url);
      const res = await request(server).post('/sandbox/weapp/tokens/expire').expect(200);
      expect(res.body.expired).toBeGreaterThan(0);
      expect(fake.state.tokens.check(access_token)).toBe(42001);
    });
  });
});
