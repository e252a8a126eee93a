import { beijingDateTime } from '@circles/shared';
import type { Browser, Page } from 'playwright-core';
import { apiToken, createAccount, DESKTOP, signIn, storeOrder } from './helpers/admin';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import { type E2eServer, startE2eServer } from './helpers/server';

/**
 * The ops panel in chromium against the real server: an ops account previews and saves a
 * tier threshold, creates a perk for 金卡 (seen by a 金卡 member in the H5 member center) and
 * an event with a 金卡 quota that member signs up for in the H5 and is checked in from the
 * panel; an analyst sees the same pages without save buttons, and the server refuses anyway.
 */

/** A local date-time N minutes from now, whole minutes, as the pickers take it. */
function inMinutes(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

async function pick(page: Page, label: string, value: string) {
  const input = page.locator('.ant-modal-container').getByLabel(label);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Signs in to the H5 member center as a sandbox WeChat identity, the way a member does. */
async function memberCenter(browser: Browser, base: string, openid: string) {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  await page.goto(`${base}/h5/`);
  await page.getByText('登录 / 注册').click();
  await page.locator('.login__input input').fill(openid);
  await page.locator('.login__submit').click();
  await page.getByText('同意并继续').click();
  await page.getByText('专属礼遇 · 尊享服务').waitFor();
  return page;
}

const GOLD_OPENID = 'o-e2e-gold';

/** The ticket behind the member's QR code, read through the member's own session. */
async function memberTicket(base: string, openid: string, title: string): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const { code } = await post('/sandbox/weapp/login-code', { openid });
  const { token } = await post('/api/mp/session', { code });
  const res = await fetch(`${base}/api/mp/events`, {
    headers: { authorization: `Bearer ${String(token)}` },
  });
  const list = (await res.json()) as {
    items: Array<{ title: string; mySignup: { ticket: string | null } | null }>;
  };
  const ticket = list.items.find((e) => e.title === title)?.mySignup?.ticket;
  if (!ticket) throw new Error(`no ticket for ${title}`);
  return ticket;
}

describe('ops panel (chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let ops: { username: string; password: string };
  let analyst: { username: string; password: string };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    ops = await createAccount(server, 'ops', 'e2e_ops');
    analyst = await createAccount(server, 'analyst', 'e2e_analyst');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('changes the 金卡 threshold only after previewing it', async () => {
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, ops);
    await page.goto(`${server.baseUrl}/admin/tiers`);
    const gold = page.getByLabel('第 3 级升级成长值');
    await gold.waitFor();
    expect(await page.getByLabel('第 3 级名称').inputValue()).toBe('金卡');

    await gold.fill('6000');
    const save = page.getByRole('button', { name: '保存等级设置' });
    expect(await save.isDisabled()).toBe(true);
    await page.getByRole('button', { name: '预览各等级人数' }).click();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('button')).some(
        (b) => b.textContent?.includes('保存等级设置') && !b.disabled,
      ),
    );
    await screenshot(page, 'admin-tier-preview');
    await save.click();
    // The confirm: the preview's impact and when the tier run applies the new thresholds.
    const confirm = page.locator('.ant-modal').filter({ hasText: '确认保存等级设置' });
    await confirm.getByText(/新门槛将于 \d{4}-\d{2}-\d{2} \d{2}:05（北京时间）生效/).waitFor();
    await confirm.getByText(/升级 \d+ 人，降级 \d+ 人/).waitFor();
    await screenshot(page, 'admin-tier-confirm');
    await confirm.getByRole('button', { name: '确认保存' }).click();
    await page.getByText('等级设置已保存').waitFor();
    await screenshot(page, 'admin-tier-saved');

    const token = await apiToken(server.baseUrl, ops);
    const ladder = (await (
      await fetch(`${server.baseUrl}/api/admin/tiers`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      tiers: Array<{ code: string; upgradeGrowth: number }>;
      effectiveAt: string | null;
    };
    expect(ladder.tiers.find((t) => t.code === 'gold')?.upgradeGrowth).toBe(6000);
    // The page names the pending run the server reports, in Beijing time.
    expect(ladder.effectiveAt).not.toBeNull();
    await page
      .getByText(
        `已保存，新门槛将于 ${beijingDateTime(new Date(ladder.effectiveAt!))}（北京时间）生效`,
        { exact: true },
      )
      .waitFor();
    expect(errors).toEqual([]);
  });

  it('creates a perk for 金卡 from the catalogue', async () => {
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, ops);
    await page.goto(`${server.baseUrl}/admin/tiers`);
    await page.getByRole('tab', { name: '权益' }).click();
    await page.getByRole('button', { name: /新建权益/ }).click();
    const dialog = page.locator('.ant-modal-container');
    await dialog.getByLabel('权益代码').fill('e2e_gold_tea');
    await dialog.getByLabel('权益名称').fill('金卡下午茶');
    await dialog.getByLabel('适用等级').click();
    await page.locator('.ant-select-item-option[title="金卡"]').click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '保存权益' }).click();
    await page.getByText('已保存「金卡下午茶」').waitFor();
    await page.getByRole('cell', { name: 'e2e_gold_tea' }).waitFor();
    await screenshot(page, 'admin-perk-created');

    const token = await apiToken(server.baseUrl, ops);
    const perk = (await (
      await fetch(`${server.baseUrl}/api/admin/perks/e2e_gold_tea`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { tierCodes: string[] };
    expect(perk.tierCodes).toEqual(['gold']);
    expect(errors).toEqual([]);
  });

  it('creates an event with a 金卡 quota, a 金卡 member signs up in the H5, ops checks them in', async () => {
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, ops);
    await page.goto(`${server.baseUrl}/admin/events`);
    await page.getByRole('button', { name: /创建活动/ }).click();
    const dialog = page.locator('.ant-modal-container');
    await dialog.getByLabel('活动名称').fill('金卡品鉴会');
    await dialog.getByLabel('地点').fill('上海静安店');
    // Starts within the hour: check-in opens 2 hours before the start, so ops can scan now.
    await pick(page, '开始时间', inMinutes(60));
    await pick(page, '结束时间', inMinutes(180));
    await pick(page, '报名截止', inMinutes(30));
    await dialog.getByRole('button', { name: /添加等级名额/ }).click();
    await dialog.getByLabel('第 1 条名额等级').click();
    await page.locator('.ant-select-item-option[title="金卡"]').click();
    await dialog.getByLabel('第 1 条席位数').fill('10');
    await dialog.getByRole('button', { name: '保存活动' }).click();
    await page.getByText('已保存「金卡品鉴会」').waitFor();

    const token = await apiToken(server.baseUrl, ops);
    const list = (await (
      await fetch(`${server.baseUrl}/api/admin/events`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: Array<{ id: string; title: string; tierQuotas: unknown }> };
    const event = list.items.find((e) => e.title === '金卡品鉴会');
    expect(event?.tierQuotas).toEqual([{ tierCode: 'gold', seats: 10 }]);

    // A 金卡 member (¥8,000 in store, over the 6,000 threshold saved above) signs up in the
    // H5 member center and sees the perk created for 金卡.
    const gold = await storeOrder(server.baseUrl, GOLD_OPENID, 800_000);
    expect(gold.tier.code).toBe('gold');
    const h5 = await memberCenter(browser, server.baseUrl, GOLD_OPENID);
    const h5Errors = trackPageErrors(h5);
    await h5.goto(`${server.baseUrl}/h5/pages/perks/index`);
    await h5.getByText('金卡下午茶').waitFor();
    await screenshot(h5, 'admin-h5-gold-perk');
    await h5.goto(`${server.baseUrl}/h5/engage/events/index`);
    await h5.getByText('金卡品鉴会').waitFor();
    await h5.getByText('立即报名').click();
    await h5.getByText('查看入场券').click();
    const sheet = h5.getByRole('dialog', { name: '金卡品鉴会' });
    await sheet.getByText('入场时向工作人员出示此码签到').waitFor();
    // The sheet shows the ticket as a QR code only; the scanner's reading of it is the
    // ticket the member's own API answers with.
    const ticket = await memberTicket(server.baseUrl, GOLD_OPENID, '金卡品鉴会');
    await screenshot(h5, 'admin-h5-event-ticket');
    expect(h5Errors).toEqual([]);
    await h5.close();
    const memberNo = gold.memberNo;

    // The same member holds a ticket of another event: scanning it here is refused by name.
    const other = await fetch(`${server.baseUrl}/api/admin/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        title: '会员沙龙',
        kind: 'salon',
        place: '上海静安店',
        capacity: 5,
        startAt: new Date(Date.now() + 3_600_000).toISOString(),
        endAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
        signupDeadline: new Date(Date.now() + 1_800_000).toISOString(),
      }),
    });
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as { id: string }).id;
    const { code } = (await (
      await fetch(`${server.baseUrl}/sandbox/weapp/login-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: GOLD_OPENID }),
      })
    ).json()) as { code: string };
    const session = (await (
      await fetch(`${server.baseUrl}/api/mp/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      })
    ).json()) as { token: string };
    const otherSignup = await fetch(`${server.baseUrl}/api/mp/events/${otherId}/signup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}` },
    });
    const foreign = ((await otherSignup.json()) as { ticket: string }).ticket;

    await page.reload();
    await page
      .locator('.ant-table-row', { hasText: '金卡品鉴会' })
      .getByRole('button', { name: '报名名单' })
      .click();
    await page.getByRole('cell', { name: memberNo }).waitFor();
    const scanner = page.getByPlaceholder('扫码枪扫描会员二维码');
    await scanner.fill(foreign);
    await page.getByRole('button', { name: /签\s*到/ }).click();
    await page.getByText('该签到码属于活动「会员沙龙」，不是本场「金卡品鉴会」的签到码').waitFor();
    await screenshot(page, 'admin-event-checkin-foreign');
    await scanner.fill(ticket);
    await page.getByRole('button', { name: /签\s*到/ }).click();
    await page.getByText(/签到成功/).waitFor();
    // The row's own state, after the list reloads (the summary above also says 已签到).
    await page.locator('.ant-drawer .ant-table-row').getByText('已签到', { exact: true }).waitFor();
    await screenshot(page, 'admin-event-checkin');
    expect(errors).toEqual([]);
  });

  it('gives an analyst no save buttons, and the server refuses the write anyway', async () => {
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, analyst);
    await page.goto(`${server.baseUrl}/admin/tiers`);
    await page.getByText('只读账号：可以调整数值试算人数分布，但不能保存').waitFor();
    expect(await page.getByRole('button', { name: '保存等级设置' }).count()).toBe(0);
    await page.getByRole('tab', { name: '权益' }).click();
    await page.getByText('只读账号：可查看权益，不能修改').waitFor();
    expect(await page.getByRole('button', { name: /新建权益/ }).count()).toBe(0);
    await screenshot(page, 'admin-analyst-readonly');

    const token = await apiToken(server.baseUrl, analyst);
    const res = await fetch(`${server.baseUrl}/api/admin/perks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        code: 'analyst_try',
        name: '分析师试图新建',
        kind: 'coupon',
        tierCodes: ['gold'],
        quota: { period: 'month', limit: 1 },
        validityDays: 30,
      }),
    });
    expect(res.status).toBe(403);
    expect(errors).toEqual([]);
  });

  it('opens the dashboard: the member signed up above shows in the tier mix', async () => {
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, ops);
    await page.getByText('等级分布').waitFor();
    await page.getByText('暂无待处理预警').waitFor();
    // echarts arrives as its own chunk and draws into a canvas.
    await page.locator('[aria-label="等级分布饼图"] canvas').waitFor();
    await screenshot(page, 'admin-dashboard');
    expect(errors).toEqual([]);
  });
});
