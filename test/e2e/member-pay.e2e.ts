import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import { posPost } from './helpers/pos';
import { type E2eServer, startE2eServer } from './helpers/server';

// WeChat Pay in the H5 member center: the sandbox payer stands in for wx.requestPayment, the
// server's fake WeChat Pay then posts a signed, encrypted notification to the real callback.
const OPENID = 'o-e2e-pay';

/** Lets a page transition or a sheet animation finish so the screenshot shows the page itself. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(1200);
}

/** The sandbox login picker, as in member-center.e2e.ts. */
async function sandboxLogin(page: Page, baseUrl: string, openid: string): Promise<void> {
  await page.goto(`${baseUrl}/h5/`);
  await page.getByText('登录 / 注册').click();
  await page.locator('.login__input input').fill(openid);
  await page.locator('.login__submit').click();
  await page.getByText('同意并继续').click();
  await page.getByText('专属礼遇 · 尊享服务').waitFor();
}

describe('H5 WeChat Pay (sandbox payer): top-up and paid membership', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    errors = trackPageErrors(page);
    await sandboxLogin(page, server.baseUrl, OPENID);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tops up ¥1000 from the wallet page and sees ¥1100 with the 储值 receipt', async () => {
    await page.goto(`${server.baseUrl}/h5/finance/wallet/index`);
    const balance = page.locator('.wallet-card [data-testid="wallet-balance"]');
    await expect(balance.textContent()).resolves.toBe('¥0.00');
    await page.getByText('储值充值', { exact: true }).click();

    const plan = page.getByTestId('topup-plan').filter({ hasText: '¥1,000.00' });
    await expect(plan.textContent()).resolves.toBe('¥1,000.00送¥100.00');
    await plan.click();
    await page.getByText('到账 ¥1,100.00（含赠送 ¥100.00）').waitFor();
    await screenshot(page, 'member-pay-01-topup-plans');
    await page.getByText('立即支付 ¥1,000.00').click();

    const sheet = page.getByRole('dialog', { name: '模拟支付' });
    await sheet.getByText('这是沙箱支付，不会产生真实扣款').waitFor();
    await settle(page);
    await screenshot(page, 'member-pay-02-sandbox-sheet');
    await sheet.getByText('确认支付 ¥1,000.00').click();

    // Applied only after the fake's notification reached /callbacks/wxpay and was verified.
    const result = page.getByTestId('pay-result');
    await result.getByText('储值成功').waitFor({ timeout: 25_000 });
    await expect(result.textContent()).resolves.toContain('到账 ¥1,100.00（含赠送 ¥100.00）');
    await settle(page);
    await screenshot(page, 'member-pay-03-topup-result');

    await result.getByText('查看余额').click();
    await expect(balance.textContent()).resolves.toBe('¥1,100.00');
    const row = page.getByTestId('wallet-row').first();
    await expect(row.textContent()).resolves.toContain('微信支付 储值 ¥1000');
    await expect(row.textContent()).resolves.toContain('+¥1,100.00');
    await settle(page);
    await screenshot(page, 'member-pay-04-wallet');
    expect(errors).toEqual([]);
  });

  it('pays at the till with the 会员码: the POS resolves it once and charges the wallet', async () => {
    await page.goto(`${server.baseUrl}/h5/pages/mine/index`);
    await page.getByRole('button', { name: '会员码' }).click();
    const card = page.getByTestId('member-code');
    await card.waitFor();
    await page
      .getByTestId('member-code-countdown')
      .getByText(/秒后自动刷新$/)
      .waitFor();
    const code = (await card.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^\d{20}$/);
    await expect(card.textContent()).resolves.toContain(code.replace(/(\d{4})(?=\d)/g, '$1 '));
    await settle(page);
    await screenshot(page, 'member-pay-05-member-code');

    const resolve = '/api/integrations/member-code/resolve';
    const who = await posPost(server.baseUrl, resolve, { code, storeCode: 'SH001' });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ wallet: { balance: 110_000, principal: 100_000 } });
    const again = await posPost(server.baseUrl, resolve, { code, storeCode: 'BJ002' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'MEMBER_CODE_USED' } } });
    const charge = await posPost(server.baseUrl, '/api/integrations/wallet/charges', {
      chargeNo: `E2E-TILL-${Date.now()}`,
      member: { memberNo: who.body.memberNo },
      amount: 29_900,
      storeCode: 'SH001',
    });
    expect(charge).toMatchObject({ status: 200, body: { wallet: { balance: 80_100 } } });

    // A used code is gone: the member refreshes for the next purchase.
    await card.getByText('刷新', { exact: true }).click();
    await page.waitForFunction(
      (old) =>
        document.querySelector('[data-testid="member-code"]')?.getAttribute('data-code') !== old,
      code,
    );
    await page.goto(`${server.baseUrl}/h5/finance/wallet/index`);
    const balance = page.locator('.wallet-card [data-testid="wallet-balance"]');
    await expect(balance.textContent()).resolves.toBe('¥801.00');
    expect(errors).toEqual([]);
  });

  it('buys 黑卡 · 月卡 from the mine tab and finds its perks on the perks tab', async () => {
    await page.goto(`${server.baseUrl}/h5/pages/mine/index`);
    await page.getByText('黑卡会员', { exact: true }).click();
    const status = page.getByTestId('membership-status');
    await status.getByText('尚未开通 · 开通即享专属礼遇').waitFor();
    const month = page.getByTestId('membership-plan').filter({ hasText: '黑卡 · 月卡' });
    await month.getByText('全场包邮').waitFor();
    await settle(page);
    await screenshot(page, 'member-pay-06-membership-plans');
    await month.getByText(/^立即开通 ¥/).click();

    const sheet = page.getByRole('dialog', { name: '模拟支付' });
    await sheet.getByText('黑卡 · 月卡').waitFor();
    await sheet.getByText(/^确认支付 ¥/).click();

    const result = page.getByTestId('pay-result');
    await result.getByText('黑卡 · 月卡 开通成功').waitFor({ timeout: 25_000 });
    await result.getByText(/^有效期至 \d{4}-\d{2}-\d{2}$/).waitFor();
    await expect(status.textContent()).resolves.toMatch(/黑卡 · 月卡有效期至 \d{4}-\d{2}-\d{2}/);
    await settle(page);
    await screenshot(page, 'member-pay-07-membership-result');

    await result.getByText('查看黑卡权益').click();
    const cardSection = page.locator('.ui-section').filter({ hasText: '黑卡权益' });
    const perks = cardSection.getByTestId('perk-item');
    await perks.filter({ hasText: '黑卡全场包邮' }).waitFor();
    await perks.filter({ hasText: '黑卡 ¥50 无门槛券' }).waitFor();
    await cardSection.getByText(/^有效期至 \d{4}-\d{2}-\d{2} ›$/).waitFor();
    await settle(page);
    await screenshot(page, 'member-pay-08-perks');
    expect(errors).toEqual([]);
  });
});
