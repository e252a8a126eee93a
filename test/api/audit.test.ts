import type { AuditEntry } from '@circles/shared';
import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';

const ACCOUNTS = '/api/admin/accounts';
const LOGS = '/api/admin/audit-logs';

describe('admin accounts and the audit log', () => {
  let t: TestApp;
  let admin: TestAdmin;
  const clock = new ManualClock(new Date('2025-03-01T08:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await loginAs(t, 'admin', 'root');
  });
  afterAll(() => t.close());

  const logs = async (query: Record<string, string | number>, token = admin.token) => {
    const res = await t.http.get(LOGS).query(query).set(bearer(token)).expect(200);
    return res.body as { items: AuditEntry[]; total: number };
  };
  const accountCount = async () =>
    (await t.http.get(ACCOUNTS).set(bearer(admin.token)).expect(200)).body.total as number;
  const fieldPaths = (res: { body: { error: { details: { fields: Array<{ path: string }> } } } }) =>
    res.body.error.details.fields.map((f) => f.path);

  it('creates an account and audits it with actor, request id and no password material', async () => {
    const res = await t.http
      .post(ACCOUNTS)
      .set(bearer(admin.token))
      .send({
        username: ' Zhang.Wei ',
        password: 'Sup3r-secret-pw',
        displayName: '张伟',
        role: 'ops',
      })
      .expect(201);
    const account = res.body.account;
    expect(account).toMatchObject({ username: 'zhang.wei', role: 'ops', disabled: false });
    const { items } = await logs({ action: 'admin_account.create', targetId: account.id });
    expect(items).toHaveLength(1);
    const entry = items[0]!;
    expect(entry.actor).toEqual({ kind: 'admin', id: admin.id, name: 'root' });
    expect(entry.target).toEqual({ type: 'admin_account', id: account.id });
    expect(entry.requestId).toBe(res.headers['x-request-id']);
    expect(entry.before).toBeNull();
    expect(entry.after).toEqual(account);
    expect(JSON.stringify(entry)).not.toMatch(/Sup3r|\$2[aby]\$/);
    await t.http
      .post('/api/admin/auth/login')
      .send({ username: 'zhang.wei', password: 'Sup3r-secret-pw' })
      .expect(200);
  });

  it('refuses bad account input with field paths and changes nothing', async () => {
    const before = await accountCount();
    const bad = await t.http
      .post(ACCOUNTS)
      .set(bearer(admin.token))
      .send({ username: '9x', password: 'short', displayName: '', role: 'owner' })
      .expect(400);
    expect(fieldPaths(bad)).toEqual(
      expect.arrayContaining(['body.username', 'body.password', 'body.displayName', 'body.role']),
    );
    const longPw = await t.http
      .post(ACCOUNTS)
      .set(bearer(admin.token))
      .send({ username: 'longpw', password: `a1${'密'.repeat(30)}`, displayName: 'x', role: 'ops' })
      .expect(400);
    expect(fieldPaths(longPw)).toEqual(['body.password']);
    const dup = await t.http
      .post(ACCOUNTS)
      .set(bearer(admin.token))
      .send({ username: 'ROOT', password: 'Another-pw-123', displayName: '重名', role: 'ops' })
      .expect(409);
    expect(dup.body.error.code).toBe('ADMIN_USERNAME_TAKEN');
    expect(await accountCount()).toBe(before);
    expect(
      (await logs({ action: 'admin_account.create', targetType: 'admin_account' })).total,
    ).toBe(
      // root (via the test helper) and zhang.wei only
      2,
    );
  });

  it('refuses a bad patch with field paths and leaves the account as it was', async () => {
    const ops = await loginAs(t, 'ops');
    const path = `${ACCOUNTS}/${ops.id}`;
    const snapshot = (
      await t.http.get(ACCOUNTS).query({ role: 'ops' }).set(bearer(admin.token))
    ).body.items.find((a: { id: string }) => a.id === ops.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'body'],
      [{ role: 'root' }, 'body.role'],
      [{ username: 'renamed' }, 'body'],
      [{ password: 'onlyletterspassword' }, 'body.password'],
      [{ disabled: 'yes' }, 'body.disabled'],
    ];
    for (const [body, where] of cases) {
      const res = await t.http.patch(path).set(bearer(admin.token)).send(body).expect(400);
      expect(fieldPaths(res)).toContain(where);
    }
    await t.http
      .patch(`${ACCOUNTS}/nope`)
      .set(bearer(admin.token))
      .send({ disabled: true })
      .expect(404);
    const after = (
      await t.http.get(ACCOUNTS).query({ role: 'ops' }).set(bearer(admin.token))
    ).body.items.find((a: { id: string }) => a.id === ops.id);
    expect(after).toEqual(snapshot);
    expect((await logs({ action: 'admin_account.update', targetId: ops.id })).total).toBe(0);
    await t.http.get('/api/admin/auth/me').set(bearer(ops.token)).expect(200);
  });

  it('audits an update with before and after, and a password reset ends old sessions', async () => {
    const ops = await loginAs(t, 'ops');
    clock.advance(60_000);
    const res = await t.http
      .patch(`${ACCOUNTS}/${ops.id}`)
      .set(bearer(admin.token))
      .send({ displayName: '新名字', role: 'consultant-manager', password: 'N3w-password-x' })
      .expect(200);
    expect(res.body.account).toMatchObject({ displayName: '新名字', role: 'consultant-manager' });
    const { items } = await logs({ action: 'admin_account.update', targetId: ops.id });
    expect(items).toHaveLength(1);
    const entry = items[0]!;
    expect(entry.before).toMatchObject({ displayName: `测试${ops.username}`, role: 'ops' });
    expect(entry.after).toMatchObject({
      displayName: '新名字',
      role: 'consultant-manager',
      passwordReset: true,
    });
    expect(JSON.stringify(entry)).not.toMatch(/N3w-password|\$2[aby]\$/);
    expect(entry.at).toBe(clock.now().toISOString());

    const old = await t.http.get('/api/admin/auth/me').set(bearer(ops.token)).expect(401);
    expect(old.body.error.code).toBe('TOKEN_REVOKED');
    await t.http
      .post('/api/admin/auth/login')
      .send({ username: ops.username, password: ops.password })
      .expect(401);
    await t.http
      .post('/api/admin/auth/login')
      .send({ username: ops.username, password: 'N3w-password-x' })
      .expect(200);
  });

  it('does not let an admin disable or demote their own account', async () => {
    for (const body of [{ disabled: true }, { role: 'ops' }]) {
      const res = await t.http.patch(`${ACCOUNTS}/${admin.id}`).set(bearer(admin.token)).send(body);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ADMIN_SELF_LOCKOUT');
    }
    await t.http.get('/api/admin/auth/me').set(bearer(admin.token)).expect(200);
  });

  it('records logins and logouts', async () => {
    const ca = await loginAs(t, 'consultant-manager');
    await t.http.post('/api/admin/auth/logout').set(bearer(ca.token)).expect(200);
    const { items } = await logs({ actor: ca.username });
    expect(items.map((e) => e.action)).toEqual(['admin_auth.logout', 'admin_auth.login']);
    expect(items[0]!.before).toEqual({ tokenVersion: 0 });
    expect(items[0]!.after).toEqual({ tokenVersion: 1 });
  });

  it('filters by actor, action prefix, target and time, newest first, paged', async () => {
    const start = clock.now();
    clock.advance(3600_000);
    const analyst = await loginAs(t, 'analyst');
    for (const name of ['一', '二', '三']) {
      clock.advance(1000);
      await t.http
        .patch(`${ACCOUNTS}/${analyst.id}`)
        .set(bearer(admin.token))
        .send({ displayName: `分析师${name}` })
        .expect(200);
    }
    const byTarget = await logs({
      targetType: 'admin_account',
      targetId: analyst.id,
      action: 'admin_account.',
    });
    expect(byTarget.items.map((e) => e.action)).toEqual([
      'admin_account.update',
      'admin_account.update',
      'admin_account.update',
      'admin_account.create',
    ]);
    expect((byTarget.items[0]!.after as { displayName: string }).displayName).toBe('分析师三');

    const page2 = await logs({
      targetId: analyst.id,
      action: 'admin_account.update',
      page: 2,
      pageSize: 2,
    });
    expect(page2.total).toBe(3);
    expect(page2.items.map((e) => (e.after as { displayName: string }).displayName)).toEqual([
      '分析师一',
    ]);

    const window = await logs({
      actor: admin.id,
      from: new Date(start.getTime() + 3600_000 + 1500).toISOString(),
      to: clock.now().toISOString(),
    });
    expect(window.items.map((e) => (e.after as { displayName: string }).displayName)).toEqual([
      '分析师三',
      '分析师二',
    ]);
    // Analysts read the log too.
    expect((await logs({ targetId: analyst.id }, analyst.token)).total).toBe(5);
  });

  it('refuses a bad filter with field paths', async () => {
    const res = await t.http
      .get(LOGS)
      .query({ from: '2025-02-01', to: '2025-01-01', pageSize: 500, page: 0 })
      .set(bearer(admin.token))
      .expect(400);
    expect(fieldPaths(res)).toEqual(expect.arrayContaining(['query.pageSize', 'query.page']));
    const notDate = await t.http
      .get(LOGS)
      .query({ from: 'not-a-date' })
      .set(bearer(admin.token))
      .expect(400);
    expect(fieldPaths(notDate)).toEqual(['query.from']);
    const reversed = await t.http
      .get(LOGS)
      .query({ from: '2025-02-01', to: '2025-01-01' })
      .set(bearer(admin.token))
      .expect(400);
    expect(fieldPaths(reversed)).toEqual(['query.from']);
  });

  it('records from another module in one line, masking phones and secrets', async () => {
    // What a handler's ctx carries once the admin guard has run.
    const state = {
      requestId: 'req-from-test-1',
      log: t.container.logger,
      auth: { kind: 'admin' as const, adminId: admin.id, username: 'root', role: 'admin' },
    };
    await t.container.services.audit.recordFor(
      { state },
      'member.update',
      { type: 'member', id: 'M000123' },
      { note: '电话 13812345678', secret: 'abc' },
      { note: '已联系', tags: ['vip'] },
    );
    const [entry] = (await logs({ action: 'member.update', targetId: 'M000123' })).items;
    expect(entry).toMatchObject({
      actor: { kind: 'admin', id: admin.id, name: 'root' },
      requestId: 'req-from-test-1',
      before: { note: '电话 138****5678', secret: '[redacted]' },
      after: { note: '已联系', tags: ['vip'] },
    });
  });

  it('refuses to rewrite or delete history through the model', async () => {
    const AuditLog = t.container.conn.model('AuditLog');
    await expect(AuditLog.updateOne({}, { $set: { action: 'forged' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(AuditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await logs({ action: 'forged' })).total).toBe(0);
  });
});
