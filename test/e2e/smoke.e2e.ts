import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import { type E2eServer, startE2eServer } from './helpers/server';

describe('smoke: every front end renders in chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the admin panel login page', async () => {
    const page = await browser.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await expect(page.getByPlaceholder('用户名').isVisible()).resolves.toBe(true);
    await screenshot(page, 'smoke-admin-login');
    expect(errors).toEqual([]);
  });

  it('shows the consultant sidebar', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 720 } });
    const errors = trackPageErrors(page);
    await page.goto(`${server.baseUrl}/sidebar/`);
    await page.getByText('未获取到当前客户').waitFor();
    await screenshot(page, 'smoke-sidebar');
    expect(errors).toEqual([]);
  });

  it('shows the H5 member center home', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    const errors = trackPageErrors(page);
    await page.goto(`${server.baseUrl}/h5/`);
    await page.getByText('欢迎加入圈层会员').waitFor();
    await expect(page.getByText('专属礼遇 · 尊享服务').isVisible()).resolves.toBe(true);
    await screenshot(page, 'smoke-h5-home');
    expect(errors).toEqual([]);
  });
});
