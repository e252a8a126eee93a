import { systemBy } from '@circles/server/src/modules/audit';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import { posPost } from './helpers/pos';
import { type E2eServer, startE2eServer } from './helpers/server';

const OPENID = 'o-e2e-lin';
const PHONE = '13800138000';

/** A POS order for the sandbox identity, signed like a store system (integration key `sandbox`). */
async function storeOrder(server: E2eServer, amountFen: number): Promise<void> {
  const res = await posPost(server.baseUrl, '/api/integrations/orders', {
    orderNo: `E2E${Date.now()}`,
    member: { openid: OPENID },
    channel: 'store',
    storeCode: 'SH001',
    paidAt: new Date().toISOString(),
    amount: amountFen,
    items: [{ sku: 'SKU1', name: '羊绒大衣', category: '外套', quantity: 1, unitPrice: amountFen }],
  });
  if (res.status !== 200)
    throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Lets a page transition or a success toast finish so the screenshot shows the page itself. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(1800);
}

/** An ops account's token from the real login route, to set up perks and tasks like ops would. */
async function adminToken(server: E2eServer): Promise<string> {
  const password = 'Passw0rd-e2e-ops';
  await server.container.services.adminAccounts.create(systemBy('e2e'), {
    username: 'e2eops',
    password,
    displayName: '测试运营',
    role: 'admin',
  });
  const res = await fetch(`${server.baseUrl}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'e2eops', password }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function adminPost(server: E2eServer, token: string, url: string, body: unknown) {
  const res = await fetch(`${server.baseUrl}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
}

describe('H5 member center (sandbox login, seeded spend)', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** `METHOD /path` of every API call the page made, to show that a tap sent nothing. */
  const calls: string[] = [];
  const sent = (call: string) => calls.filter((c) => c === call).length;
  let opsToken: string;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // ¥1,200 in store: 1,200 growth → 银卡, 3,800 growth short of 金卡 (default ladder).
    await storeOrder(server, 120_000);
    const token = await adminToken(server);
    opsToken = token;
    await adminPost(server, token, '/api/admin/perks', {
      code: 'monthly_coffee',
      name: '每月咖啡券',
      description: '门店任意咖啡一杯',
      kind: 'coupon',
      tierCodes: ['silver', 'gold', 'diamond', 'black'],
      quota: { period: 'month', limit: 1 },
      validityDays: 30,
    });
    const day = 24 * 3600_000;
    await adminPost(server, token, '/api/admin/events', {
      title: '秋冬新品品鉴会',
      kind: 'tasting',
      place: '上海静安旗舰店',
      capacity: 20,
      startAt: new Date(Date.now() + 7 * day).toISOString(),
      endAt: new Date(Date.now() + 7 * day + 2 * 3600_000).toISOString(),
      signupDeadline: new Date(Date.now() + 6 * day).toISOString(),
      reward: { points: 50, growth: 0 },
    });
    await adminPost(server, token, '/api/admin/tasks', {
      code: 'daily_signin',
      name: '每日签到',
      kind: 'signin',
      target: 1,
      period: 'daily',
      reward: { points: 10, growth: 0, perkCode: null },
    });
    await adminPost(server, token, '/api/admin/points/items', {
      itemCode: 'cashmere_scarf',
      name: '羊绒围巾',
      kind: 'gift',
      cost: 5000,
    });
    page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    errors = trackPageErrors(page);
    // React and web-component failures (e.g. insertBefore) are logged, not thrown.
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) calls.push(`${r.method()} ${url.pathname}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in through the sandbox picker after privacy consent', async () => {
    await page.goto(`${server.baseUrl}/h5/`);
    await page.getByText('欢迎加入圈层会员').waitFor();
    await page.getByText('登录 / 注册').click();

    await page.getByText('测试环境：选择一个模拟微信身份登录').waitFor();
    await page.locator('.login__input input').fill(OPENID);
    await settle(page);
    await screenshot(page, 'member-center-01-login');
    await page.locator('.login__submit').click();
    await page.getByText('隐私保护提示').waitFor();
    await page.getByText('同意并继续').click();

    await page.getByText('专属礼遇 · 尊享服务').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the 银卡 badge, growth progress and what the next tier needs', async () => {
    await page.getByText('再消费 ¥3,800.00 / 再获得 3,800 成长值升级金卡').waitFor();
    await expect(page.getByLabel('会员等级 银卡').textContent()).resolves.toBe('银卡');
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('24');
    await expect(page.getByText('成长值 1,200').isVisible()).resolves.toBe(true);
    await screenshot(page, 'member-center-02-home');
    expect(errors).toEqual([]);
  });

  it('opens 等级说明 from the card: every tier, its perks and where the member stands', async () => {
    await page.getByText('等级说明 ›').click();
    const current = page.locator('[data-testid="tier-row"][data-tier="silver"]');
    await current.getByText('当前等级').waitFor();
    await current.getByText(/距金卡还差 3,800/).waitFor();
    const gold = page.locator('[data-testid="tier-row"][data-tier="gold"]');
    await gold.getByText(/每月咖啡券/).waitFor();
    await expect(page.getByTestId('tier-evaluation').textContent()).resolves.toMatch(
      /下次保级评估|无需保级/,
    );
    await settle(page);
    await screenshot(page, 'member-center-02b-tier-guide');
    expect(errors).toEqual([]);
  });

  it('binds a phone number on the profile page with the sandbox phone code', async () => {
    await page.goto(`${server.baseUrl}/h5/account/profile/index`);
    // A number that is no mainland mobile leaves 绑定 greyed out, and tapping it does nothing.
    await page.locator('.profile__input input').fill('12345');
    // force: a real tap lands on a greyed-out button; Playwright would wait for it to enable.
    await page.getByText('绑定', { exact: true }).click({ force: true });
    await page.waitForTimeout(500);
    expect(sent('POST /api/mp/phone')).toBe(0);
    await expect(page.getByText('已绑定，门店消费将自动累计').count()).resolves.toBe(0);

    await page.locator('.profile__input input').fill(PHONE);
    await page.getByText('绑定', { exact: true }).click();
    await page.getByText('已绑定，门店消费将自动累计').waitFor();
    await screenshot(page, 'member-center-03-profile');
    expect(errors).toEqual([]);
  });

  it('shows the mine tab with the member card and services', async () => {
    await page.goto(`${server.baseUrl}/h5/pages/mine/index`);
    await page.getByText('我的服务').waitFor();
    await expect(page.getByText('NO. ').first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('我的入场券').isVisible()).resolves.toBe(true);
    await screenshot(page, 'member-center-04-mine');
    expect(errors).toEqual([]);
  });

  it('shows the points balance and history', async () => {
    await page.goto(`${server.baseUrl}/h5/finance/points/index`);
    await expect(page.getByTestId('points-total').textContent()).resolves.toBe('1,200');
    await page.getByText('订单积分').first().waitFor();
    // No white strip of the page container above the first card of a subpage.
    const top = await page.evaluate(() => {
      const el = document.elementFromPoint(187, 4);
      return el ? getComputedStyle(el).backgroundColor : null;
    });
    expect(top).toBe('rgb(245, 243, 239)');
    await screenshot(page, 'member-center-06-points');
    expect(errors).toEqual([]);
  });

  it('claims a tier perk and shows its redemption QR code', async () => {
    await page.goto(`${server.baseUrl}/h5/pages/perks/index`);
    await page.getByText('银卡权益').waitFor();
    await screenshot(page, 'member-center-05-perks');
    await page.getByText('立即领取').click();
    const sheet = page.getByRole('dialog', { name: '每月咖啡券' });
    await sheet.getByText('到店出示此码核销').waitFor();
    const code = await sheet.locator('.qr-code__caption').textContent();
    expect(code).toMatch(/^[A-Z0-9-]{4,32}$/);
    await settle(page);
    await screenshot(page, 'member-center-07-perk-code');
    await sheet.getByText('知道了').click();
    await page.getByText('查看券码').waitFor();
    expect(errors).toEqual([]);
  });

  it('keeps a money coupon in 券包 and a till verifies it against an order', async () => {
    await adminPost(server, opsToken, '/api/admin/perks', {
      code: 'coat_cash',
      name: '外套满减券',
      kind: 'coupon',
      tierCodes: ['silver'],
      quota: { period: 'month', limit: 1 },
      validityDays: 30,
      coupon: { type: 'cash', value: 3_000, thresholdFen: 20_000, categories: ['外套'] },
    });
    await page.goto(`${server.baseUrl}/h5/pages/perks/index`);
    const perk = page.getByTestId('perk-item').filter({ hasText: '外套满减券' });
    await perk.getByText('立即领取').click();
    await page.getByRole('dialog', { name: '外套满减券' }).getByText('知道了').click();

    await page.goto(`${server.baseUrl}/h5/pages/mine/index`);
    await page.getByText('我的券包').click();
    const row = page.getByTestId('coupon-row').filter({ hasText: '外套满减券' });
    await row.getByText('满¥200.00减¥30.00 · 限外套').waitFor();
    await settle(page);
    await screenshot(page, 'member-center-07b-coupons');
    await row.click();
    const sheet = page.getByRole('dialog', { name: '外套满减券' });
    const code = (await sheet.locator('.qr-code__caption').textContent()) ?? '';
    await sheet.getByText('知道了').click();

    const order = (coatFen: number) => ({
      orderNo: `E2E-COUPON-${coatFen}`,
      amount: coatFen + 8_000,
      items: [
        { category: '外套', amount: coatFen },
        { category: '配饰', amount: 8_000 },
      ],
    });
    const short = await posPost(server.baseUrl, '/api/integrations/coupons/quote', {
      redemptionCode: code,
      order: order(15_000),
    });
    expect(short.body).toMatchObject({ usable: false, eligibleFen: 15_000 });
    const used = await posPost(server.baseUrl, '/api/integrations/perks/redeem', {
      redemptionCode: code,
      storeCode: 'SH001',
      order: order(26_000),
    });
    expect(used).toMatchObject({ status: 200, body: { discountFen: 3_000, firstUse: true } });

    await page.reload();
    await page.getByRole('tab', { name: /^已使用/ }).click();
    await page
      .getByTestId('coupon-row')
      .filter({ hasText: '外套满减券' })
      .getByText(/已于 .* 使用/)
      .waitFor();
    expect(errors).toEqual([]);
  });

  it('signs in on the tasks tab and sees the points rise', async () => {
    await page.goto(`${server.baseUrl}/h5/pages/tasks/index`);
    await page.getByText('每日签到').waitFor();
    await page.locator('.signin__action').click();
    await page.getByText('今日已签到').waitFor();
    // 已签到 is greyed out and does not sign in again.
    await page.getByText('已签到', { exact: true }).click({ force: true });
    await settle(page);
    expect(sent('POST /api/mp/tasks/signin')).toBe(1);
    await screenshot(page, 'member-center-08-tasks');

    await page.goto(`${server.baseUrl}/h5/finance/points/index`);
    await expect(page.getByTestId('points-total').textContent()).resolves.toBe('1,210');
    await page.getByText('签到').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('does not open the redeem confirmation for an item that costs more than the balance', async () => {
    await page.goto(`${server.baseUrl}/h5/finance/redeem/index`);
    const scarf = page.getByTestId('redeem-item').filter({ hasText: '羊绒围巾' });
    await scarf.getByText('积分不足').click({ force: true });
    await page.waitForTimeout(500);
    await expect(page.getByText('确认兑换').count()).resolves.toBe(0);
    expect(sent('POST /api/mp/points/redeem')).toBe(0);
    await screenshot(page, 'member-center-08b-redeem-short');
    expect(errors).toEqual([]);
  });

  it('opens the referral page with an invite code', async () => {
    await page.goto(`${server.baseUrl}/h5/engage/referral/index`);
    await expect(page.getByTestId('invite-code').textContent()).resolves.toMatch(/^邀请码 \S+$/);
    await page.getByText('还没有邀请记录').waitFor();
    await screenshot(page, 'member-center-09-referral');
    expect(errors).toEqual([]);
  });

  it('binds a friend who arrives through the invite', async () => {
    const code = (await page.getByTestId('invite-code').textContent())!.replace('邀请码 ', '');
    const friend = await browser.newPage({ viewport: { width: 375, height: 812 } });
    const friendErrors = trackPageErrors(friend);
    await friend.goto(`${server.baseUrl}/h5/pages/index/index?scene=${code}`);
    await friend.getByText('登录 / 注册').click();
    await friend.locator('.login__input input').fill('o-e2e-friend');
    await friend.locator('.login__submit').click();
    await friend.getByText('同意并继续').click();
    await friend.getByText('专属礼遇 · 尊享服务').waitFor();
    await friend.close();

    await page.reload();
    const invitee = page.getByTestId('invitee');
    await invitee.waitFor();
    await expect(invitee.textContent()).resolves.toContain('已加入');
    await screenshot(page, 'member-center-09b-referral-invitee');
    expect(friendErrors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows the stored-value wallet', async () => {
    await page.goto(`${server.baseUrl}/h5/finance/wallet/index`);
    await expect(page.getByTestId('wallet-balance').textContent()).resolves.toBe('¥0.00');
    await page.getByText('暂无储值记录').waitFor();
    await screenshot(page, 'member-center-10-wallet');
    expect(errors).toEqual([]);
  });

  it('signs up for an event and shows the ticket', async () => {
    await page.goto(`${server.baseUrl}/h5/engage/events/index`);
    await page.getByText('秋冬新品品鉴会').waitFor();
    await page.getByText('立即报名').click();
    await page.getByText('查看入场券').click();
    const sheet = page.getByRole('dialog', { name: '秋冬新品品鉴会' });
    await sheet.getByText('入场时向工作人员出示此码签到').waitFor();
    await settle(page);
    await screenshot(page, 'member-center-11-event-ticket');
    await sheet.getByText('知道了').click();

    await page.goto(`${server.baseUrl}/h5/engage/tickets/index`);
    await page.getByText('已报名').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the live tier on 我的 after ops change it, not the one cached at login', async () => {
    await page.goto(`${server.baseUrl}/h5/pages/mine/index`);
    await page.getByLabel('会员等级 银卡').waitFor();
    const memberNo = ((await page.getByText('NO. ').first().textContent()) ?? '').slice(4);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await adminPost(server, opsToken, `/api/admin/members/${memberNo}/tier`, {
      code: 'gold',
      until,
      reason: '门店活动升级',
    });
    await page.goto(`${server.baseUrl}/h5/pages/mine/index`);
    await page.getByLabel('会员等级 金卡').waitFor();
    await expect(page.getByText('绑定手机号', { exact: false }).count()).resolves.toBe(0);
    await screenshot(page, 'member-center-12-mine-live-tier');
    expect(errors).toEqual([]);
  });
});
