import { ManualClock } from '@circles/server/src/lib/clock';
import { ApiRouter } from '@circles/server/src/lib/route';
import { errorHandler } from '@circles/server/src/middleware/errors';
import { adminGuard } from '@circles/server/src/modules/admin-auth';
import { auditListQuery, defineRoute } from '@circles/shared';
import Koa from 'koa';
import supertest from 'supertest';
import { z } from 'zod';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, createAdmin, loginAs } from './helpers/admin';

const LOGIN = '/api/admin/auth/login';
const MINUTE = 60_000;

describe('admin auth: login, sessions, rate limiting', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  let ipSeq = 0;
  /** Each test gets its own client address so the per-IP window does not leak between tests. */
  const freshIp = () => `10.1.0.${++ipSeq}`;

  beforeAll(async () => {
    // One trusted proxy hop: the tests play clients at many addresses through X-Forwarded-For.
    t = await startTestApp({ trustProxyHops: 1 }, { clock });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, ip: string) =>
    t.http.post(LOGIN).set('X-Forwarded-For', ip).send({ username, password });

  it('logs in and answers /me with the account, role and expiry 8 hours out', async () => {
    const a = await createAdmin(t, 'ops');
    const res = await login(a.username.toUpperCase(), a.password, freshIp()).expect(200);
    expect(res.body.account).toEqual({
      id: a.id,
      username: a.username,
      displayName: `测试${a.username}`,
      role: 'ops',
    });
    expect(new Date(res.body.expiresAt).getTime()).toBe(
      Math.floor(clock.now().getTime() / 1000) * 1000 + 8 * 3600_000,
    );
    const me = await t.http.get('/api/admin/auth/me').set(bearer(res.body.token)).expect(200);
    expect(me.body).toEqual({ account: res.body.account, expiresAt: res.body.expiresAt });
  });

  it('answers a wrong password, an unknown user and a disabled account with the same 401', async () => {
    const a = await createAdmin(t, 'ops');
    const off = await createAdmin(t, 'ops');
    await t.container.services.adminAccounts.update(
      { actor: { kind: 'system', id: 'system', name: 'test' }, requestId: null },
      off.id,
      { disabled: true },
    );
    const ip = freshIp();
    const wrong = await login(a.username, 'not-the-password1', ip).expect(401);
    const unknown = await login('nobody-here', 'whatever-123', ip).expect(401);
    const disabled = await login(off.username, off.password, ip).expect(401);
    for (const res of [wrong, unknown, disabled]) {
      expect(res.body.error).toEqual({ code: 'LOGIN_FAILED', message: '用户名或密码错误' });
    }
  });

  it('refuses the 6th attempt in 15 minutes with 429, Retry-After, even with the right password', async () => {
    const a = await createAdmin(t, 'ops');
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await login(a.username, `wrong-pass-${i}`, ip).expect(401);
    const limited = await login(a.username, a.password, ip).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const wait = limited.body.error.details.retryAfterSeconds;
    expect(wait).toBe(15 * 60);
    expect(limited.headers['retry-after']).toBe(String(wait));
    // The limit is per (username, address): the owner at an address without failures still gets in.
    await login(a.username, a.password, freshIp()).expect(200);

    clock.advance(7 * MINUTE);
    const later = await login(a.username, a.password, ip).expect(429);
    expect(later.body.error.details.retryAfterSeconds).toBe(8 * 60);
    clock.advance(8 * MINUTE);
    await login(a.username, a.password, ip).expect(200);
  });

  it('clears the username failures on a successful login', async () => {
    const a = await createAdmin(t, 'ops');
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await login(a.username, `wrong-pass-${i}`, ip).expect(401);
    await login(a.username, a.password, ip).expect(200);
    for (let i = 0; i < 5; i++) await login(a.username, `wrong-again-${i}`, ip).expect(401);
    await login(a.username, a.password, ip).expect(429);
  });

  it('counts at most 20 failures per IP across usernames, without touching other addresses', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) await login(`sprayed${i}`, 'guess-12345', ip).expect(401);
    const a = await createAdmin(t, 'analyst');
    const res = await login(a.username, a.password, ip).expect(429);
    expect(res.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await login(a.username, a.password, ip).expect(429);
    // Requests refused by the IP rule were never counted against the username.
    await login(a.username, a.password, freshIp()).expect(200);
  });

  it("does not let strangers at many addresses lock out a known admin's correct password", async () => {
    const a = await createAdmin(t, 'admin');
    const strangers = Array.from({ length: 15 }, () => freshIp());
    const answers = [];
    for (const ip of strangers) {
      for (let i = 0; i < 3; i++) answers.push((await login(a.username, `guess-${i}`, ip)).status);
    }
    // 30 failures an hour spend the username's budget (10 strangers × 3); then each further
    // stranger gets its first guess checked (its address has no failures yet) and no more.
    expect(answers.filter((s) => s === 401)).toHaveLength(35);
    expect(answers.slice(30)).toEqual([
      401, 429, 429, 401, 429, 429, 401, 429, 429, 401, 429, 429, 401, 429, 429,
    ]);
    // An address with a recent failure is refused even with the right password …
    await login(a.username, a.password, strangers[0]!).expect(429);
    // … the owner at an address without failures logs in.
    await login(a.username, a.password, freshIp()).expect(200);
  });

  it('audits failed logins with the username and address, never the password', async () => {
    const a = await createAdmin(t, 'ops');
    const ip = freshIp();
    await login(a.username, 'Wrong-Secret-Pass-1', ip).expect(401);
    await login('nobody-here', 'Wrong-Secret-Pass-2', ip).expect(401);
    const entries = await t.container.services.audit.list(
      auditListQuery.parse({ action: 'admin_auth.login_failed', pageSize: 50 }),
    );
    const mine = JSON.stringify(entries);
    expect(mine).toContain(a.username);
    expect(mine).toContain('nobody-here');
    expect(mine).toContain(ip);
    expect(mine).not.toContain('Wrong-Secret-Pass');
  });

  it('checks no more than 5 passwords when 12 wrong attempts arrive at once', async () => {
    const a = await createAdmin(t, 'ops');
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(a.username, `parallel-${i}`, ip)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('validates the login body with field paths', async () => {
    const res = await t.http.post(LOGIN).send({ username: '' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });

  it('expires a token after 8 hours', async () => {
    const a = await loginAs(t, 'ops');
    clock.advance(8 * 3600_000 - 1000);
    await t.http.get('/api/admin/auth/me').set(bearer(a.token)).expect(200);
    clock.advance(1000);
    const res = await t.http.get('/api/admin/auth/me').set(bearer(a.token)).expect(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('ends every session of the account on logout', async () => {
    const a = await loginAs(t, 'ops');
    const second = await t.http
      .post(LOGIN)
      .send({ username: a.username, password: a.password })
      .expect(200);
    await t.http.post('/api/admin/auth/logout').set(bearer(a.token)).expect(200, { ok: true });
    for (const token of [a.token, second.body.token]) {
      const res = await t.http.get('/api/admin/auth/me').set(bearer(token)).expect(401);
      expect(res.body.error.code).toBe('TOKEN_REVOKED');
    }
    const again = await t.http.post(LOGIN).send({ username: a.username, password: a.password });
    await t.http.get('/api/admin/auth/me').set(bearer(again.body.token)).expect(200);
  });

  it('ends the sessions of an account an admin disables', async () => {
    const admin = await loginAs(t, 'admin');
    const ops = await loginAs(t, 'ops');
    await t.http
      .patch(`/api/admin/accounts/${ops.id}`)
      .set(bearer(admin.token))
      .send({ disabled: true })
      .expect(200);
    const res = await t.http.get('/api/admin/auth/me').set(bearer(ops.token)).expect(401);
    expect(res.body.error.code).toBe('TOKEN_REVOKED');
  });

  it('answers 401 without a token, and for a forged or foreign token', async () => {
    const none = await t.http.get('/api/admin/auth/me').expect(401);
    expect(none.body.error.code).toBe('AUTH_REQUIRED');
    const a = await loginAs(t, 'ops');
    const [body, mac] = a.token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${mac}`;
    const res = await t.http.get('/api/admin/accounts').set(bearer(forged)).expect(401);
    expect(res.body.error.code).toBe('TOKEN_INVALID');
    const member = t.container.tokens.sign({ aud: 'member', sub: a.id }, 3600).token;
    await t.http.get('/api/admin/auth/me').set(bearer(member)).expect(401);
  });
});

describe('admin roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets an analyst read but refuses every write with 403, logout excepted', async () => {
    const analyst = await loginAs(t, 'analyst');
    await t.http.get('/api/admin/audit-logs').set(bearer(analyst.token)).expect(200);
    await t.http.get('/api/admin/auth/me').set(bearer(analyst.token)).expect(200);
    const write = await t.http
      .patch(`/api/admin/accounts/${analyst.id}`)
      .set(bearer(analyst.token))
      .send({ displayName: '改名' })
      .expect(403);
    expect(write.body.error.code).toBe('ROLE_FORBIDDEN');
    // The guard refuses before routing details matter: even a malformed write is a 403.
    await t.http.post('/api/admin/accounts').set(bearer(analyst.token)).send({}).expect(403);
    await t.http.post('/api/admin/auth/logout').set(bearer(analyst.token)).expect(200);
  });

  it('lets analysts call only the non-GET routes declared as changing nothing', async () => {
    const respond = z.object({ ok: z.literal(true) });
    const preview = defineRoute({
      method: 'post',
      path: '/test/preview/:id',
      summary: 'a read that needs a body',
      tag: 'test',
      auth: 'admin',
      response: respond,
    });
    const save = { ...preview, path: '/test/save/:id' };
    const { guards, services } = t.container;
    const api = new ApiRouter({ ...guards, admin: adminGuard(services.adminAuth, [preview]) });
    api.add(preview, () => ({ ok: true as const })).add(save, () => ({ ok: true as const }));
    const app = new Koa();
    app.use(errorHandler()).use(api.router.routes());
    const analyst = await loginAs(t, 'analyst');
    await supertest(app.callback()).post('/test/preview/7').set(bearer(analyst.token)).expect(200);
    const res = await supertest(app.callback()).post('/test/save/7').set(bearer(analyst.token));
    expect(res.status).toBe(403);
  });

  it('keeps account administration to the admin role', async () => {
    for (const role of ['ops', 'analyst', 'consultant-manager'] as const) {
      const who = await loginAs(t, role);
      const res = await t.http.get('/api/admin/accounts').set(bearer(who.token)).expect(403);
      expect(res.body.error.code).toBe('ROLE_FORBIDDEN');
    }
    const admin = await loginAs(t, 'admin');
    await t.http.get('/api/admin/accounts').set(bearer(admin.token)).expect(200);
  });
});

describe('sandbox demo accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates one account per role once, with passwords that log in and never reach the logs', async () => {
    const { adminAccounts } = t.container.services;
    const created = await adminAccounts.ensureDemoAdmin();
    expect(created.map((c) => [c.username, c.role])).toEqual([
      ['admin', 'admin'],
      ['ops', 'ops'],
      ['analyst', 'analyst'],
      ['manager', 'consultant-manager'],
    ]);
    expect(new Set(created.map((c) => c.password)).size).toBe(4);
    for (const c of created) {
      const res = await t.http
        .post(LOGIN)
        .send({ username: c.username, password: c.password })
        .expect(200);
      expect(res.body.account.role).toBe(c.role);
    }
    expect(await adminAccounts.ensureDemoAdmin()).toEqual([]);
    const logged = JSON.stringify(t.logs);
    for (const c of created) expect(logged).not.toContain(c.password);
    const audit = await t.container.services.audit.list({
      action: 'admin_account.create',
      page: 1,
      pageSize: 20,
    });
    expect(audit.items.map((e) => e.actor)).toEqual(
      Array(4).fill({ kind: 'system', id: 'system', name: 'sandbox-demo' }),
    );
  });
});

describe('admin login behind no trusted proxy (TRUST_PROXY unset)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For, so rotating it does not dodge the per-address limit', async () => {
    const statuses = [];
    for (let i = 0; i < 22; i++) {
      const res = await t.http
        .post(LOGIN)
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .send({ username: `rotating${i}`, password: 'guess-12345' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
