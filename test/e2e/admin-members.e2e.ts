import type { Browser } from 'playwright-core';
import { apiToken, createAccount, DESKTOP, signIn, storeOrder } from './helpers/admin';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import { type E2eServer, startE2eServer } from './helpers/server';

// The panel's member work in chromium: a large bulk grant waits for a second admin, and a
// member's 360 with an audited wallet adjustment.

describe('ops panel: bulk grants and member 360 (chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let ops: { username: string; password: string };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    ops = await createAccount(server, 'ops', 'e2e_ops');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("holds an ops member's large bulk grant for an admin, who approves it with a note", async () => {
    const { memberNo } = await storeOrder(server.baseUrl, 'o-e2e-grant', 1000);
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, ops);
    await page.goto(`${server.baseUrl}/admin/tiers`);
    await page.getByRole('tab', { name: '积分批量发放' }).click();
    await page.getByText('会员号名单').click();
    await page.getByPlaceholder('每行一个会员号').fill(memberNo);
    await page.getByLabel('每人积分').fill('150000');
    await page.getByLabel('原因').fill('端到端大额发放');
    await page.getByRole('button', { name: '提交任务' }).click();
    // The confirm: 人数 and 积分总额 from the server, and the approval the size needs.
    const confirm = page.locator('.ant-modal').filter({ hasText: '确认批量发放积分' });
    await confirm.getByText('1 人').waitFor();
    await confirm.getByText('150,000 积分').waitFor();
    await confirm.getByText('待管理员审批').waitFor();
    await screenshot(page, 'admin-grant-confirm');
    await confirm.getByRole('button', { name: '提交审批' }).click();
    await page.getByText('批量发放已提交，待管理员审批').waitFor();
    await page.locator('.ant-tag').getByText('待管理员审批').first().waitFor();
    expect(errors).toEqual([]);

    const admin = await createAccount(server, 'admin', 'e2e_admin');
    const adminPage = await browser.newPage(DESKTOP);
    const adminErrors = trackPageErrors(adminPage);
    await signIn(adminPage, server.baseUrl, admin);
    await adminPage.goto(`${server.baseUrl}/admin/tiers`);
    await adminPage.getByRole('tab', { name: '积分批量发放' }).click();
    const queue = adminPage.locator('.ant-card', {
      has: adminPage.locator('.ant-card-head-title', { hasText: '待管理员审批' }),
    });
    await queue.getByText('端到端大额发放').waitFor();
    await queue.getByRole('button', { name: /批\s*准/ }).click();
    const decide = adminPage.locator('.ant-modal').filter({ hasText: '批准批量发放' });
    await decide.getByLabel('审批备注').fill('预算已确认');
    await screenshot(adminPage, 'admin-grant-approve');
    await decide.getByRole('button', { name: '确认批准' }).click();
    await adminPage.getByText('已批准，任务开始执行').waitFor();
    await adminPage.locator('.ant-tag').getByText('完成').first().waitFor({ timeout: 30_000 });
    expect(adminErrors).toEqual([]);

    const token = await apiToken(server.baseUrl, admin);
    const points = (await (
      await fetch(`${server.baseUrl}/api/admin/members/${memberNo}/points`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { balance: number };
    // 150,000 granted, plus whatever the store order earned.
    expect(points.balance).toBeGreaterThanOrEqual(150_000);
    const audit = (await (
      await fetch(`${server.baseUrl}/api/admin/audit-logs?action=points.grant.`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: Array<{ action: string; actor: { name: string } }> };
    const byAction = Object.fromEntries(audit.items.map((e) => [e.action, e.actor.name]));
    expect(byAction).toMatchObject({
      'points.grant.request': ops.username,
      'points.grant.approve': admin.username,
    });
  });

  it("opens a member's 360 with every section and adjusts the wallet bonus once, audited", async () => {
    const { memberNo } = await storeOrder(server.baseUrl, 'o-e2e-360', 12_800);
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, server.baseUrl, ops);
    await page.goto(`${server.baseUrl}/admin/members/${memberNo}`);
    const cardOf = (title: string) =>
      page.locator('.ant-card', {
        has: page.locator('.ant-card-head-title').getByText(title, { exact: true }),
      });
    for (const title of [
      '积分',
      '储值',
      '付费会员',
      '会员价值',
      '标签与专属顾问',
      '活动报名',
      '备注与跟进',
    ]) {
      await cardOf(title).waitFor();
    }
    await cardOf('付费会员').getByText('未开通付费会员').waitFor();
    await cardOf('储值').getByText('赠送金 ¥0.00').waitFor();
    // The timeline has the order and the points it earned; the orders tab its items and store.
    await page.getByTestId('timeline-item').filter({ hasText: '真丝衬衫 ×1' }).waitFor();
    await page.getByTestId('timeline-item').filter({ hasText: '订单积分' }).waitFor();
    await screenshot(page, 'admin-member-360');
    await page.getByRole('tab', { name: '订单' }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: '真丝衬衫×1' });
    await row.getByText('SH001').waitFor();
    await row.getByText('¥128.00').first().waitFor();
    await page.getByRole('tab', { name: '时间线' }).click();

    await page.getByRole('button', { name: '调整储值' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '当前本金' });
    await dialog.getByLabel('金额').fill('12.34');
    await dialog.getByLabel('调整原因').fill('端到端补发');
    await dialog.getByRole('button', { name: '下一步' }).click();
    const confirm = page.locator('.ant-modal').filter({ hasText: '确认本次调整' });
    await confirm.getByText(`为会员 ${memberNo} 增加储值赠送金 ¥12.34`).waitFor();
    await screenshot(page, 'admin-member-360-confirm');
    await confirm.getByRole('button', { name: '确认调整' }).click();
    await page.getByText('已调整，已记入审计日志').waitFor();
    await cardOf('储值').getByText('赠送金 ¥12.34').waitFor();
    await page
      .getByTestId('timeline-item')
      .filter({ hasText: '端到端补发' })
      .getByText('+¥12.34')
      .waitFor();
    await screenshot(page, 'admin-member-360-adjusted');

    // The server booked it once, in fen, with one audit record.
    const token = await apiToken(server.baseUrl, ops);
    const get = async (path: string) =>
      (
        await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
    const overview = (await get(`/api/admin/members/${memberNo}/360`)) as {
      wallet: { balance: number; bonus: number };
    };
    expect(overview.wallet).toMatchObject({ balance: 1_234, bonus: 1_234 });
    const audit = (await get(
      `/api/admin/audit-logs?action=wallet.adjust&targetId=${memberNo}`,
    )) as {
      items: Array<{ actor: { name: string }; after: { delta: number; reason: string } }>;
    };
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor: { name: ops.username },
      after: { delta: 1_234, reason: '端到端补发' },
    });
    expect(errors).toEqual([]);
  });
});
