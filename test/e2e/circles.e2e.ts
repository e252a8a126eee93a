import type { CircleCondition, CircleRule } from '@circles/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, trackPageErrors } from './helpers/browser';
import {
  type Account,
  api,
  call,
  choose,
  circleListsMembers,
  enrol,
  factsOf,
  type Member,
  matches,
  memberCenter,
  opsAccount,
  previewCountShown,
  signIn,
  wecomContact,
} from './helpers/circles';
import { type E2eServer, startE2eServer } from './helpers/server';

/**
 * Circles (圈层) end to end in chromium: ops builds a circle with a nested 全部满足 /
 * 任一满足 rule in the panel and watches the live preview follow each edit, saves it active (its
 * members are computed), recomputes with 立即重算 after a member's data changed, then targets a
 * perk at it (shown locked to members outside). A member inside sees and claims the perk in the
 * H5 member center; one outside sees it locked with the circle's name and the server refuses
 * the claim; the consultant sidebar shows the circle chip.
 */

const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' };
const SIDEBAR = { viewport: { width: 360, height: 780 }, locale: 'zh-CN' };
const CIRCLE = { id: 'e2e-may-points', name: '五月高积分' };
const PERK = { code: 'e2e_circle_tea', name: '圈层品鉴下午茶' };
const CONSULTANT = 'e2e.circle.daogou';
/** The editor and the recompute tests take ~10 s, but 30 s+ on a loaded 2-core machine. */
const SLOW = 120_000;

// The rule built in the editor: 积分 ≥ 500 and (生日在 5 月 or 积分 ≥ 2000).
const POINTS: CircleCondition = { field: 'pointsBalance', op: 'gte', value: 500 };
const MAY: CircleCondition = { field: 'birthdayMonth', op: 'eq', value: 5 };
const RICH: CircleCondition = { field: 'pointsBalance', op: 'gte', value: 2000 };
const STEP1: CircleRule = { all: [POINTS] };
const STEP2: CircleRule = { all: [POINTS, { any: [MAY] }] };
const FINAL: CircleRule = { all: [POINTS, { any: [MAY, RICH] }] };
/** Mini-program members with a birthday and points credited by ops (no orders). */
const PEOPLE = {
  // In through the 任一 group's first condition.
  may: {
    openid: 'o-e2e-circle-may',
    unionid: 'u-e2e-circle-may',
    birthday: '1990-05-12',
    points: 800,
  },
  // Out: passes 积分 ≥ 500 but neither condition of the 任一 group.
  november: { openid: 'o-e2e-circle-nov', birthday: '1991-11-03', points: 800 },
  // In through the 任一 group's second condition.
  rich: { openid: 'o-e2e-circle-rich', birthday: '1988-11-20', points: 2500 },
  // Out: born in May but fails 积分 ≥ 500 (until ops credits her in the second test).
  low: { openid: 'o-e2e-circle-low', birthday: '1993-05-30', points: 100 },
};

describe('circles: panel rule → perk targeting → H5 and sidebar (chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let ops: Account;
  let base: string;
  let may: Member;
  let november: Member;
  let rich: Member;
  let low: Member;
  let facts: Array<{ memberNo: string; facts: Record<string, number> }>;
  let externalUserId: string;

  /** Members the rule selects, computed from what the admin API says about them. */
  const expected = (rule: CircleRule) =>
    facts.filter((m) => matches(rule, m.facts)).map((m) => m.memberNo);

  beforeAll(async () => {
    server = await startE2eServer();
    base = server.baseUrl;
    browser = await launchBrowser();
    ops = await opsAccount(server, 'e2e_circles_ops');
    may = await enrol(base, ops, PEOPLE.may);
    november = await enrol(base, ops, PEOPLE.november);
    rich = await enrol(base, ops, PEOPLE.rich);
    low = await enrol(base, ops, PEOPLE.low);
    facts = [];
    for (const m of [may, november, rich, low])
      facts.push({ memberNo: m.memberNo, facts: await factsOf(base, ops, m.memberNo) });
    externalUserId = await wecomContact(base, PEOPLE.may.unionid, CONSULTANT);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * The preview panel shows, for the rule now on screen (not a stale answer), the count the
   * preview API gives for `rule`, which is the count computed from the members' data.
   */
  async function previewShows(page: Page, rule: CircleRule): Promise<string[]> {
    const want = expected(rule);
    const fromApi = await api<{ count: number }>(
      base,
      'POST',
      '/api/admin/circles/preview',
      { rule },
      ops.token,
    );
    expect(fromApi.count).toBe(want.length);
    await previewCountShown(page, want.length);
    return want;
  }

  it(
    'builds a nested 全部/任一 rule; the live preview follows each edit and matches the API',
    async () => {
      const page = await browser.newPage(DESKTOP);
      const errors = trackPageErrors(page);
      const sent: unknown[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/admin/circles/preview')) sent.push(r.postDataJSON());
      });
      await signIn(page, base, ops);
      await page.goto(`${base}/admin/circles`);
      await page.getByRole('button', { name: /新建圈层/ }).click();
      await page.getByLabel('圈层 ID').fill(CIRCLE.id);
      await page.getByLabel('圈层名称').fill(CIRCLE.name);
      await choose(page, page.locator('form[id="circle"]'), '状态', '启用');

      // 条件 1 of the root 全部满足 group: 积分余额 ≥ 500.
      const rule = page.getByRole('group', { name: '规则', exact: true });
      const first = rule.getByRole('group', { name: '条件 1', exact: true });
      await page.getByText('规则尚未完成（还有 1 处待补全），补全后自动预览').waitFor();
      await choose(page, first, '字段', '积分余额');
      await choose(page, first, '运算', '大于等于');
      await first.getByLabel('数值').fill('500');
      const step1 = await previewShows(page, STEP1);
      expect(step1).toHaveLength(3);
      await screenshot(page, 'circles-01-preview-one-condition');

      // A sub-group under 全部满足 starts as 任一满足: 生日月份 = 5 …
      await rule.getByRole('button', { name: /添加条件组/ }).click();
      const group = rule.getByRole('group', { name: '条件组 2', exact: true });
      await group.getByText('以下条件至少一项成立').waitFor();
      const may5 = group.getByRole('group', { name: '条件 2-1', exact: true });
      await choose(page, may5, '字段', '生日月份');
      await choose(page, may5, '运算', '等于');
      await may5.getByLabel('数值').fill('5');
      expect(await previewShows(page, STEP2)).toEqual([may.memberNo]);

      // … or 积分余额 ≥ 2000.
      await group.getByRole('button', { name: /添加条件$/ }).click();
      const rich2 = group.getByRole('group', { name: '条件 2-2', exact: true });
      await choose(page, rich2, '字段', '积分余额');
      await choose(page, rich2, '运算', '大于等于');
      await rich2.getByLabel('数值').fill('2000');
      const final = await previewShows(page, FINAL);
      expect(final.sort()).toEqual([may.memberNo, rich.memberNo].sort());
      // The browser sent exactly the nested rule, and the sample lists who matches.
      expect(sent.at(-1)).toEqual({ rule: FINAL });
      const sample = page.locator('.circle-preview');
      for (const no of final) await sample.getByRole('cell', { name: no, exact: true }).waitFor();
      for (const m of [november, low])
        expect(await sample.getByRole('cell', { name: m.memberNo, exact: true }).count()).toBe(0);
      await screenshot(page, 'circles-02-preview-nested');

      await page.getByRole('button', { name: /保存圈层/ }).click();
      await page.getByText(`已保存圈层「${CIRCLE.name}」`).waitFor();
      await page.getByText(`圈层 · ${CIRCLE.name}`).waitFor();
      const saved = await api<{ status: string; rule: unknown }>(
        base,
        'GET',
        `/api/admin/circles/${CIRCLE.id}`,
        undefined,
        ops.token,
      );
      expect(saved).toMatchObject({ status: 'active', rule: FINAL });
      expect(errors).toEqual([]);
    },
    SLOW,
  );

  it(
    'materialises the saved circle, and 立即重算 picks up a member whose data changed',
    async () => {
      const page = await browser.newPage(DESKTOP);
      const errors = trackPageErrors(page);
      await signIn(page, base, ops);
      await page.goto(`${base}/admin/circles`);
      await page.getByRole('row').filter({ hasText: CIRCLE.name }).getByText('启用').waitFor();
      // Saved as 启用: the first run follows the save by itself.
      await circleListsMembers(page, `${base}/admin/circles/${CIRCLE.id}`, expected(FINAL), facts);
      await screenshot(page, 'circles-03-members');

      // 丁 (born in May) is credited 500 points: she now passes 积分 ≥ 500 too.
      await api(
        base,
        'POST',
        `/api/admin/members/${low.memberNo}/points/adjust`,
        { delta: 500, reason: '端到端测试补发', idempotencyKey: 'e2e-circle-low-topup' },
        ops.token,
      );
      facts = await Promise.all(
        facts.map(async (f) => ({ ...f, facts: await factsOf(base, ops, f.memberNo) })),
      );
      expect(expected(FINAL)).toContain(low.memberNo);
      await page.goto(`${base}/admin/circles`);
      await page.getByRole('button', { name: /立即重算/ }).click();
      await page.getByText('已开始重算启用中的圈层，稍后刷新查看最新人数').waitFor();
      await circleListsMembers(page, `${base}/admin/circles/${CIRCLE.id}`, expected(FINAL), facts);
      expect(errors).toEqual([]);
    },
    SLOW,
  );

  it('targets a perk at the circle in the perk editor, shown locked to members outside', async () => {
    const page = await browser.newPage(DESKTOP);
    const errors = trackPageErrors(page);
    await signIn(page, base, ops);
    await page.goto(`${base}/admin/tiers`);
    await page.getByRole('tab', { name: '权益' }).click();
    await page.getByRole('button', { name: /新建权益/ }).click();
    const dialog = page.locator('.ant-modal-container');
    await dialog.getByLabel('权益代码').fill(PERK.code);
    await dialog.getByLabel('权益名称').fill(PERK.name);
    await choose(page, dialog, '适用等级', '普通会员');
    await page.keyboard.press('Escape');
    const locked = dialog.getByRole('switch', { name: '对圈外会员显示为锁定' });
    expect(await locked.isDisabled()).toBe(true); // only with a circle chosen
    await choose(page, dialog, '圈层', CIRCLE.name);
    await page.keyboard.press('Escape');
    await dialog
      .getByText('开启后圈外会员可看到此权益并提示「加入圈层可解锁」；关闭则对其隐藏')
      .waitFor();
    await locked.click();
    await dialog.getByRole('button', { name: '保存权益' }).click();
    await page.getByText(`已保存「${PERK.name}」`).waitFor();
    const row = page.getByRole('row').filter({ hasText: PERK.code });
    await row.getByText(CIRCLE.name).waitFor();
    await row.getByText('圈外显示锁定').waitFor();
    await screenshot(page, 'circles-04-perk-targeted');

    const perk = await api(base, 'GET', `/api/admin/perks/${PERK.code}`, undefined, ops.token);
    expect(perk).toMatchObject({ tierCodes: ['normal'], circleIds: [CIRCLE.id], showLocked: true });
    expect(errors).toEqual([]);
  });

  it('shows the perk to a member of the circle in the H5, who claims it', async () => {
    const h5 = await memberCenter(browser, base, may.openid);
    const errors = trackPageErrors(h5);
    await h5.goto(`${base}/h5/pages/perks/index`);
    const item = h5.getByTestId('perk-item').filter({ hasText: PERK.name });
    await item.waitFor();
    expect(await item.getAttribute('data-state')).toBe('claimable');
    expect(await h5.getByText('圈层专属').count()).toBe(0);
    await item.getByText('立即领取').click();
    const sheet = h5.getByRole('dialog', { name: PERK.name });
    await sheet.getByText('到店出示此码核销').waitFor();
    await screenshot(h5, 'circles-05-h5-member-claimed');
    await sheet.getByText('知道了').click();
    await item.getByText('查看券码').waitFor();
    expect(errors).toEqual([]);
    await h5.close();
  });

  it('shows it locked with the circle name to a member outside, and refuses the claim', async () => {
    const h5 = await memberCenter(browser, base, november.openid);
    const errors = trackPageErrors(h5);
    await h5.goto(`${base}/h5/pages/perks/index`);
    await h5.getByText('圈层专属').waitFor();
    const item = h5.getByTestId('perk-item').filter({ hasText: PERK.name });
    await item.getByText(`加入 ${CIRCLE.name} 圈层可解锁`).waitFor();
    await item.getByText('未解锁').waitFor();
    expect(await item.getAttribute('data-state')).toBe('locked');
    expect(await item.getByText('立即领取').count()).toBe(0);
    await h5.getByText('当前等级暂无权益').waitFor();
    await screenshot(h5, 'circles-06-h5-outsider-locked');

    // No claim button, and the server refuses a claim sent anyway.
    const claim = await call(base, 'POST', `/api/mp/perks/${PERK.code}/claim`, {}, november.token);
    expect(claim.status).toBe(403);
    expect(JSON.stringify(claim.body)).toContain('PERK_CIRCLE_LOCKED');
    expect(JSON.stringify(claim.body)).toContain(`加入 ${CIRCLE.name} 圈层可解锁该权益`);
    expect(errors).toEqual([]);
    await h5.close();
  });

  it('shows the circle chip on the member card in the consultant sidebar', async () => {
    const page = await browser.newPage(SIDEBAR);
    const errors = trackPageErrors(page);
    await page.goto(`${base}/sidebar/?sandboxUser=${CONSULTANT}&sandboxContact=${externalUserId}`);
    const card = page.getByRole('region', { name: '会员卡' });
    await card.getByText(`会员号 ${may.memberNo}`).waitFor();
    await card
      .getByRole('list', { name: '所属圈层' })
      .getByText(CIRCLE.name, { exact: true })
      .waitFor();
    await screenshot(page, 'circles-07-sidebar-chip');
    expect(errors).toEqual([]);
  });
});
