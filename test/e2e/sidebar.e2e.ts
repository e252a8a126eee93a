import { randomBytes } from 'node:crypto';
import { integrationHeaders } from '@circles/server/src/modules/orders/integration-auth';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import { type E2eServer, startE2eServer } from './helpers/server';

/**
 * The consultant sidebar in sandbox mode, end to end: the fake WeCom plays the people side
 * (a consultant, a customer adding them, a tag group made in the console), the server links
 * the customer to a gold member, and chromium drives the page at the sidebar's width.
 */

type Json = Record<string, unknown>;

/** The WeCom chat-toolbar: about 360 px wide, Chinese locale (date inputs read 年/月/日). */
const PHONE = { viewport: { width: 360, height: 780 }, locale: 'zh-CN' };

async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Json;
}

/** A paid store order for a member, signed like a POS system (sandbox integration key). */
async function posOrder(base: string, memberNo: string, amount: number) {
  const raw = JSON.stringify({
    orderNo: `E2E${Date.now()}`,
    member: { memberNo },
    channel: 'store',
    storeCode: 'SH001',
    paidAt: new Date().toISOString(),
    amount,
    items: [{ sku: 'COAT-1', name: '羊绒大衣', category: '外套', quantity: 1, unitPrice: amount }],
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${base}/api/integrations/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...integrationHeaders('sandbox', 'sandbox-secret', {
        timestamp: ts,
        nonce: randomBytes(16).toString('base64url'),
        method: 'POST',
        path: '/api/integrations/orders',
        rawBody: raw,
      }),
    },
    body: raw,
  });
  if (!res.ok) throw new Error(`order → ${res.status} ${await res.text()}`);
}

/** Callbacks are processed after the 200 reply; poll the API until `ready` holds. */
async function until<T>(what: string, read: () => Promise<T>, ready: (v: T) => boolean) {
  const deadline = Date.now() + 20_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

type Customer = { linked: boolean; tagGroups: { groupName: string }[] };
type FakeGroup = { name: string; tags: { id: string; name: string }[] };
type FakeContact = { followUsers: { userid: string; tags: { name: string }[] }[] };

describe('consultant sidebar (sandbox)', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let externalUserId: string;
  const consultant = 'e2e.daogou';

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const base = server.baseUrl;
    await api(base, 'PUT', '/sandbox/wecom/callback-url', { url: `${base}/callbacks/wecom` });
    await api(base, 'POST', '/sandbox/wecom/consultants', {
      userid: consultant,
      name: '王导购',
      store: '上海静安店',
    });

    // A mini-program member (unionid) who spent ¥6,000 in store: gold tier.
    const unionid = `u-e2e-${Date.now()}`;
    const login = await api(base, 'POST', '/sandbox/weapp/login-code', {
      openid: 'o-e2e',
      unionid,
    });
    const session = await api(base, 'POST', '/api/mp/session', { code: login.code });
    const memberNo = (session.member as { memberNo: string }).memberNo;
    await posOrder(base, memberNo, 600_000);

    // The same WeChat user adds the consultant in WeCom; a tag group exists in the console.
    const contact = await api(base, 'POST', '/sandbox/wecom/external-contacts', {
      name: '陈小姐',
      unionid,
    });
    externalUserId = contact.externalUserId as string;
    await api(base, 'POST', '/sandbox/wecom/contacts/add', { userid: consultant, externalUserId });
    await api(base, 'POST', '/sandbox/wecom/console/tags', {
      groupName: '穿搭偏好',
      tags: ['简约', '复古', '通勤'],
    });

    const { code } = await api(base, 'POST', '/sandbox/wecom/oauth-code', { userid: consultant });
    const { token } = await api(base, 'POST', '/api/sidebar/session', { code });
    await until(
      'the customer to be linked and the tag library synced',
      async () =>
        (await api(
          base,
          'GET',
          `/api/sidebar/customers/${externalUserId}`,
          undefined,
          `${token}`,
        )) as unknown as Customer,
      (c) => c.linked && c.tagGroups.some((g) => g.groupName === '穿搭偏好'),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the member’s tier and pushes a tag added there to WeCom', async () => {
    page = await browser.newPage(PHONE);
    const errors = trackPageErrors(page);
    await page.goto(
      `${server.baseUrl}/sidebar/?sandboxUser=${consultant}&sandboxContact=${externalUserId}`,
    );
    const card = page.getByRole('region', { name: '会员卡' });
    await card.getByText('金卡', { exact: true }).waitFor();
    await expect(page.getByText('导购 王导购 · 上海静安店').isVisible()).resolves.toBe(true);
    await screenshot(page, 'sidebar-customer');

    const tags = page.getByRole('region', { name: '客户标签' });
    await tags.getByRole('button', { name: '编辑标签' }).click();
    await tags.getByRole('button', { name: '复古' }).click();
    await screenshot(page, 'sidebar-tag-editor');
    await tags.getByRole('button', { name: '保存' }).click();
    await page.getByText('标签已更新，并同步到企业微信').waitFor();
    await tags.locator('.sb-chip', { hasText: '复古' }).waitFor();
    await screenshot(page, 'sidebar-tag-saved');

    // The fake WeCom now holds the tag on this consultant's side of the contact.
    const onWeCom = await until(
      'the tag on the fake WeCom side',
      async () =>
        (await api(
          server.baseUrl,
          'GET',
          `/sandbox/wecom/external-contacts/${externalUserId}`,
        )) as unknown as FakeContact,
      (c) =>
        c.followUsers.some((f) => f.userid === consultant && f.tags.some((t) => t.name === '复古')),
    );
    const mine = onWeCom.followUsers.find((f) => f.userid === consultant)!;
    expect(mine.tags.map((t) => t.name)).toContain('复古');
    expect(errors).toEqual([]);
  });

  it('shows a tag a consultant set in the WeCom client after a refresh', async () => {
    const base = server.baseUrl;
    page = await browser.newPage(PHONE);
    const errors = trackPageErrors(page);
    await page.goto(`${base}/sidebar/?sandboxUser=${consultant}&sandboxContact=${externalUserId}`);
    const tags = page.getByRole('region', { name: '客户标签' });
    await tags.getByRole('button', { name: '编辑标签' }).waitFor();
    expect(await tags.locator('.sb-chip', { hasText: '通勤' }).count()).toBe(0);

    const { tagGroups } = (await api(base, 'GET', '/sandbox/wecom/tag-groups')) as {
      tagGroups: FakeGroup[];
    };
    const commute = tagGroups.flatMap((g) => g.tags).find((t) => t.name === '通勤')!;
    // Marked in the WeCom client: WeCom sends edit_external_contact, Circles pulls the tags.
    await api(base, 'POST', '/sandbox/wecom/console/mark-tags', {
      userid: consultant,
      externalUserId,
      addTag: [commute.id],
    });
    await until(
      'the WeCom-side tag to reach Circles',
      async () => {
        await page.getByRole('button', { name: '刷新' }).click();
        await page.getByRole('button', { name: '刷新' }).waitFor();
        return tags.locator('.sb-chip', { hasText: '通勤' }).count();
      },
      (n) => n === 1,
    );
    await screenshot(page, 'sidebar-tag-from-wecom');
    expect(errors).toEqual([]);
  });

  it('keeps a note and a finished follow-up across a reload', async () => {
    page = await browser.newPage(PHONE);
    const errors = trackPageErrors(page);
    const url = `${server.baseUrl}/sidebar/?sandboxUser=${consultant}&sandboxContact=${externalUserId}`;
    await page.goto(url);
    const notes = page.getByRole('region', { name: '备注' });
    await notes.getByLabel('新备注').fill('偏爱浅色羊绒，12 月生日');
    await notes.getByRole('button', { name: '添加备注' }).click();
    await notes.getByText('偏爱浅色羊绒，12 月生日').waitFor();

    const todo = page.getByRole('region', { name: /^跟进事项/ });
    await todo.getByLabel('跟进事项').fill('周末邀约到店试穿新款大衣');
    await todo.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByRole('region', { name: '跟进事项（1）' }).waitFor();
    await todo.getByRole('button', { name: '完成' }).click();
    await todo.getByRole('button', { name: '查看已完成（1）' }).waitFor();

    await page.reload();
    await page.getByRole('region', { name: '备注' }).getByText('偏爱浅色羊绒，12 月生日').waitFor();
    const after = page.getByRole('region', { name: /^跟进事项/ });
    await after.getByText('暂无待办跟进').waitFor();
    await after.getByRole('button', { name: '查看已完成（1）' }).click();
    await after.getByText('周末邀约到店试穿新款大衣').waitFor();
    await screenshot(page, 'sidebar-notes-follow-ups');
    expect(errors).toEqual([]);
  });

  it('lets a plain browser pick the consultant and the chat in sandbox mode', async () => {
    page = await browser.newPage(PHONE);
    const errors = trackPageErrors(page);
    await page.goto(`${server.baseUrl}/sidebar/`);
    await page.getByText('未获取到当前客户').waitFor();
    await page.getByRole('combobox', { name: '导购', exact: true }).selectOption(consultant);
    // The consultant's customers come from the fake WeCom; pick ours by name.
    await page.getByRole('combobox', { name: '该导购的客户' }).selectOption({ label: '陈小姐' });
    expect(await page.getByLabel('客户 external_userid').inputValue()).toBe(externalUserId);
    await screenshot(page, 'sidebar-sandbox-picker');
    await page.getByRole('button', { name: '打开客户侧边栏' }).click();
    await page.getByRole('region', { name: '会员卡' }).getByText('金卡', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('sandboxContact')).toBe(externalUserId);
    expect(errors).toEqual([]);
  });

  it('invites a customer who is not a member yet with the member-center card', async () => {
    const base = server.baseUrl;
    const stranger = await api(base, 'POST', '/sandbox/wecom/external-contacts', {
      name: '路人甲',
    });
    const id = stranger.externalUserId as string;
    await api(base, 'POST', '/sandbox/wecom/contacts/add', {
      userid: consultant,
      externalUserId: id,
    });

    page = await browser.newPage(PHONE);
    const errors = trackPageErrors(page);
    await page.goto(`${base}/sidebar/?sandboxUser=${consultant}&sandboxContact=${id}`);
    const card = page.getByRole('region', { name: '未入会' });
    await card.getByRole('button', { name: '邀请加入会员中心' }).click();
    await page.getByText('已发送入会邀请').waitFor();
    await screenshot(page, 'sidebar-unlinked-invite');
    const sent = await page.evaluate(
      () => (window as { __circlesSandboxSent?: { page: string }[] }).__circlesSandboxSent,
    );
    expect(sent).toHaveLength(1);
    expect(sent![0]!.page).toMatch(/\.html(\?|$)/);
    expect(errors).toEqual([]);
  });
});
