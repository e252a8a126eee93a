import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import {
  type Account,
  api,
  enrol,
  type Member,
  opsAccount,
  signIn,
  until,
  wecomContact,
} from './helpers/circles';
import { type E2eServer, startE2eServer } from './helpers/server';

/**
 * Playbooks (运营剧本) end to end in chromium: ops copies the 唤醒三板斧 template in the panel
 * and activates it; the member in its circle appears as the consultant's 1v1 task in the
 * sidebar with the script; tapping an outcome advances the run, which grants the gift and sends
 * the member the subscribe message she accepted (read back from the sandbox WeChat's log).
 */

const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' };
const SIDEBAR = { viewport: { width: 360, height: 780 }, locale: 'zh-CN' };
const CONSULTANT = 'e2e.playbook.daogou';
const SLOW = 120_000;
const PERSON = {
  openid: 'o-e2e-playbook',
  unionid: 'u-e2e-playbook',
  birthday: '1990-03-08',
  points: 900,
};

describe('playbooks: template → activate → sidebar task → message (chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let ops: Account;
  let base: string;
  let member: Member;
  let externalUserId: string;
  const admin = <T>(method: string, path: string, body?: unknown) =>
    api<T>(base, method, path, body, ops.token);

  beforeAll(async () => {
    server = await startE2eServer();
    base = server.baseUrl;
    browser = await launchBrowser();
    ops = await opsAccount(server, 'e2e_playbooks_ops');
    member = await enrol(base, ops, PERSON);
    externalUserId = await wecomContact(base, PERSON.unionid, CONSULTANT);
    // The template's circle and perks, as the demo brand has them (this server has no seed).
    await admin('POST', '/api/admin/circles', {
      id: 'dormant-vip',
      name: '高净值沉睡',
      status: 'active',
      rule: { field: 'pointsBalance', op: 'gte', value: 500 },
    });
    for (const code of ['vip_wakeup_gift', 'koc_trial']) {
      await admin('POST', '/api/admin/perks', {
        code,
        name: code === 'koc_trial' ? '新品抢先试穿' : '老友回归礼',
        kind: 'custom',
        tierCodes: [],
        quota: { period: 'month', limit: 1 },
        validityDays: 30,
      });
    }
    await until(
      'the member to be in the circle',
      () => admin<{ memberCount: number }>('GET', '/api/admin/circles/dormant-vip'),
      (c) => c.memberCount === 1,
    );
    // The test runs at any hour: no quiet hours (an admin setting), so the message goes now.
    await server.container.services.playbooks.saveSettings({
      maxTouches7d: 2,
      maxTouches30d: 4,
      quietStartHour: 0,
      quietEndHour: 0,
    });
    // She accepts the perk message in the mini-program (sandbox stand-in for the sheet).
    await api(base, 'POST', '/sandbox/weapp/subscriptions', {
      openid: PERSON.openid,
      templateIds: ['sandbox_perk_granted'],
    });
    await api(
      base,
      'POST',
      '/api/mp/subscriptions',
      { results: { sandbox_perk_granted: 'accept' } },
      member.token,
    );
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'ops copies the 唤醒三板斧 template as a draft and activates it',
    async () => {
      const page = await browser.newPage(DESKTOP);
      const errors = trackPageErrors(page);
      await signIn(page, base, ops);
      await page.goto(`${base}/admin/playbooks`);
      const card = page.getByLabel('模板 唤醒三板斧');
      await card.getByRole('button', { name: /复制为草稿/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('新剧本编号').fill('wakeup-e2e');
      await dialog.getByRole('button', { name: /复制为草稿/ }).click();
      const row = page.getByRole('row', { name: /唤醒三板斧/ });
      await row.getByText('草稿').waitFor();
      await row.getByRole('button', { name: /启\s*用/ }).click();
      await row.getByText('运行中').waitFor();
      await screenshot(page, 'playbooks-01-active');
      const saved = await admin<{ status: string; templateId: string }>(
        'GET',
        '/api/admin/playbooks/wakeup-e2e',
      );
      expect(saved).toMatchObject({ status: 'active', templateId: 'wakeup-three' });
      expect(errors).toEqual([]);
      await page.close();
    },
    SLOW,
  );

  it(
    'the member shows as the consultant 1v1 task; tapping an outcome advances the run',
    async () => {
      const page = await browser.newPage(SIDEBAR);
      const errors = trackPageErrors(page);
      const url = `${base}/sidebar/?sandboxUser=${CONSULTANT}&sandboxContact=${externalUserId}`;
      // Activation enters the circle's members in the background: reload until the task is there.
      await until(
        'the playbook task in the sidebar',
        async () => {
          await page.goto(url);
          await page.getByText('周小姐').first().waitFor();
          return page.getByText('第一板斧：1v1 问候并送老友回归礼').count();
        },
        (n) => n > 0,
      );
      await page.getByText('运营剧本').first().waitFor();
      await page.getByText(/好久不见/).waitFor();
      await page.getByRole('button', { name: '已联系' }).click();
      await page.getByText('已记录跟进结果：已联系').waitFor();
      await screenshot(page, 'playbooks-02-outcome');
      expect(errors).toEqual([]);
      await page.close();

      // The run went on: the gift is hers and the message she accepted was sent.
      const sent = await until(
        'the subscribe message in the sandbox WeChat log',
        () =>
          api<{ messages: Array<{ templateId: string; data: Record<string, { value: string }> }> }>(
            base,
            'GET',
            `/sandbox/weapp/messages?openid=${PERSON.openid}`,
          ),
        (r) => r.messages.length > 0,
      );
      expect(sent.messages).toHaveLength(1);
      expect(sent.messages[0]!.templateId).toBe('sandbox_perk_granted');
      expect(JSON.stringify(sent.messages[0]!.data)).toContain('老友回归礼');
      const doc = await server.container.services.members.byMemberNo(member.memberNo);
      const perks = await server.container.services.perks.instancesOf(doc!._id);
      expect(perks.map((p) => p.perkCode)).toEqual(['vip_wakeup_gift']);
      const detail = await admin<{ funnel: { entered: number; touched: number } }>(
        'GET',
        '/api/admin/playbooks/wakeup-e2e',
      );
      expect(detail.funnel).toMatchObject({ entered: 1, touched: 1 });
    },
    SLOW,
  );
});
