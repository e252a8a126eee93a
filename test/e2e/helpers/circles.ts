import type { CircleRule } from '@circles/shared';
import { systemBy } from '@circles/server/src/modules/audit';
import type { Browser, Locator, Page } from 'playwright-core';
import type { E2eServer } from './server';

/** Setup and lookups for the circles e2e, through the app's own HTTP APIs. */

type Json = Record<string, unknown>;

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

export async function api<T = Json>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const r = await call(base, method, path, body, token);
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

export interface Account {
  username: string;
  password: string;
  token: string;
}

/** An ops account (the role that builds circles and perks) and its API token. */
export async function opsAccount(server: E2eServer, username: string): Promise<Account> {
  const password = `Passw0rd-${username}`;
  await server.container.services.adminAccounts.create(systemBy('e2e'), {
    username,
    password,
    displayName: '圈层运营',
    role: 'ops',
  });
  const { token } = await api<{ token: string }>(server.baseUrl, 'POST', '/api/admin/auth/login', {
    username,
    password,
  });
  return { username, password, token };
}

export interface Member {
  openid: string;
  memberNo: string;
  token: string;
}

/**
 * A member who joined through the mini-program (sandbox wx.login), set a birthday on the
 * profile page, and got points credited by ops: no orders, so no tier change and no
 * debounced circle run is queued behind the test's back.
 */
export async function enrol(
  base: string,
  ops: Account,
  m: { openid: string; unionid?: string; birthday: string; points: number },
): Promise<Member> {
  const { code } = await api<{ code: string }>(base, 'POST', '/sandbox/weapp/login-code', {
    openid: m.openid,
    unionid: m.unionid,
  });
  const session = await api<{ token: string; member: { memberNo: string } }>(
    base,
    'POST',
    '/api/mp/session',
    { code },
  );
  await api(base, 'PATCH', '/api/mp/me', { birthday: m.birthday }, session.token);
  const no = session.member.memberNo;
  await api(
    base,
    'POST',
    `/api/admin/members/${no}/points/adjust`,
    { delta: m.points, reason: '端到端测试赠送', idempotencyKey: `e2e-circle-${m.openid}` },
    ops.token,
  );
  return { openid: m.openid, memberNo: no, token: session.token };
}

/** What a rule can read about a member, read back from the admin API (not from the setup). */
export async function factsOf(base: string, ops: Account, memberNo: string) {
  const detail = await api<{ birthday: string | null }>(
    base,
    'GET',
    `/api/admin/members/${memberNo}`,
    undefined,
    ops.token,
  );
  const points = await api<{ balance: number }>(
    base,
    'GET',
    `/api/admin/members/${memberNo}/points`,
    undefined,
    ops.token,
  );
  return {
    pointsBalance: points.balance,
    birthdayMonth: detail.birthday ? Number(detail.birthday.slice(5, 7)) : Number.NaN,
  } as Record<string, number>;
}

/** The expected match, for the operators this test uses. */
export function matches(rule: CircleRule, facts: Record<string, number>): boolean {
  if ('all' in rule) return rule.all.every((r) => matches(r, facts));
  if ('any' in rule) return rule.any.some((r) => matches(r, facts));
  if ('not' in rule) return !matches(rule.not, facts);
  const v = facts[rule.field];
  if (v === undefined) throw new Error(`no fact for ${rule.field}`);
  if (rule.op === 'gte') return v >= Number(rule.value);
  if (rule.op === 'eq') return v === Number(rule.value);
  throw new Error(`operator ${rule.op} not modelled here`);
}

/** A WeCom consultant who has the member (by unionid) as an external contact, linked. */
export async function wecomContact(base: string, unionid: string, consultant: string) {
  await api(base, 'PUT', '/sandbox/wecom/callback-url', { url: `${base}/callbacks/wecom` });
  await api(base, 'POST', '/sandbox/wecom/consultants', {
    userid: consultant,
    name: '林导购',
    store: '上海静安店',
  });
  const contact = await api<{ externalUserId: string }>(
    base,
    'POST',
    '/sandbox/wecom/external-contacts',
    { name: '周小姐', unionid },
  );
  const { externalUserId } = contact;
  await api(base, 'POST', '/sandbox/wecom/contacts/add', { userid: consultant, externalUserId });
  const { code } = await api<{ code: string }>(base, 'POST', '/sandbox/wecom/oauth-code', {
    userid: consultant,
  });
  const { token } = await api<{ token: string }>(base, 'POST', '/api/sidebar/session', { code });
  // The add-contact callback is handled after its 200: wait until the link exists.
  await until(
    'the WeCom customer to be linked to the member',
    () =>
      api<{ linked: boolean }>(
        base,
        'GET',
        `/api/sidebar/customers/${externalUserId}`,
        undefined,
        token,
      ),
    (c) => c.linked,
  );
  return externalUserId;
}

/** Polls `read` until `ready` holds (for work the server does in the background). */
export async function until<T>(what: string, read: () => Promise<T>, ready: (v: T) => boolean) {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

export async function signIn(page: Page, base: string, account: Account) {
  await page.goto(`${base}/admin/login`);
  await page.getByPlaceholder('用户名').fill(account.username);
  await page.getByPlaceholder('密码').fill(account.password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('menu').waitFor();
}

/** Picks `option` in the antd select labelled `label` inside `scope`. */
export async function choose(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page
    .locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`)
    .click();
}

/** The live preview shows `n` 命中会员 for the rule now on screen (not a stale answer). */
export async function previewCountShown(page: Page, n: number) {
  await page
    .locator('.circle-preview [aria-busy="false"] .ant-statistic')
    .filter({ hasText: '命中会员' })
    .getByText(String(n), { exact: true })
    .waitFor();
}

/**
 * Reloads a circle's page until its last run counts `want.length` members, then checks that
 * exactly the members in `want` (of `everyone`) are listed.
 */
export async function circleListsMembers(
  page: Page,
  url: string,
  want: string[],
  everyone: Array<{ memberNo: string }>,
) {
  const size = page
    .locator('.ant-descriptions-item')
    .filter({ hasText: '成员数' })
    .locator('.ant-descriptions-item-content');
  await until(
    `${want.length} members in the circle`,
    async () => {
      await page.goto(url);
      return size.textContent();
    },
    (text) => text === `${want.length} 人`,
  );
  const table = page.locator('.ant-card').filter({ hasText: '圈层成员' });
  await table.getByText(`共 ${want.length} 名成员`).waitFor();
  for (const { memberNo } of everyone) {
    const cell = table.getByRole('cell', { name: memberNo, exact: true });
    if (want.includes(memberNo)) await cell.waitFor();
    else expect(await cell.count()).toBe(0);
  }
}

/** Signs in to the H5 member center as a sandbox WeChat identity, the way a member does. */
export async function memberCenter(browser: Browser, base: string, openid: string) {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  await page.goto(`${base}/h5/`);
  await page.getByText('登录 / 注册').click();
  await page.locator('.login__input input').fill(openid);
  await page.locator('.login__submit').click();
  await page.getByText('同意并继续').click();
  await page.getByText('专属礼遇 · 尊享服务').waitFor();
  return page;
}
