import { ManualClock } from '@circles/server/src/lib/clock';
import { DAY, playbookKit } from './helpers/playbooks';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

jest.setTimeout(60_000);

/**
 * The 唤醒三板斧 template on a crafted member, with a controlled clock: every step at its
 * Beijing time, the consultant's outcome resuming the run, the purchase ending it, versions,
 * pause and resume, and validation.
 */
describe('playbooks: the 唤醒三板斧 walk', () => {
  let t: WeComTestApp;
  // Thursday 2026-12-03 10:00 in Beijing.
  const clock = new ManualClock(new Date('2026-12-03T02:00:00Z'));
  let kit: ReturnType<typeof playbookKit>;
  let alice: Awaited<ReturnType<typeof kit.member>>;
  let contact: string;

  beforeAll(async () => {
    t = await startWeComApp({ clock });
    kit = playbookKit(t, clock);
    await t.consultant('lily', '莉莉');
    alice = await kit.member('o-pb-alice', 'u-pb-alice', 600_000, ['perk_granted', 'perk_granted']);
    ({ externalUserId: contact } = await t.customerAdds('lily', {
      name: '爱丽丝',
      unionid: 'u-pb-alice',
    }));
    // The template's circle and perks, as the demo brand has them.
    await kit.circle('dormant-vip', { field: 'tier', op: 'eq', value: 'gold' });
    await kit.materialize();
    await kit.perk('vip_wakeup_gift');
    await kit.perk('koc_trial');
    clock.advance(60_000); // the playbook starts after her last purchase
  });
  afterAll(() => t.close());

  // Sessions expire by the app's clock, which the walk moves by weeks: log in per call.
  const consultant = async () => {
    const code = t.wecom.control.issueOAuthCode({ userid: 'lily' });
    const res = await t.http.post('/api/sidebar/session').send({ code }).expect(200);
    return { authorization: `Bearer ${res.body.token}` };
  };
  const card = async () =>
    (
      await t.http
        .get(`/api/sidebar/customers/${contact}`)
        .set(await consultant())
        .expect(200)
    ).body;

  it('refuses a definition naming an unknown circle, perk or a backward branch, storing nothing', async () => {
    const base = {
      name: '测试',
      trigger: { type: 'one_off', circleId: 'dormant-vip' },
      steps: [{ type: 'wait', days: 1 }],
    };
    const cases: Array<[unknown, string]> = [
      [
        { ...base, trigger: { type: 'one_off', circleId: 'nope' } },
        'body.definition.trigger.circleId',
      ],
      [
        { ...base, steps: [{ type: 'grant_perk', perkCode: 'nope' }] },
        'body.definition.steps.0.perkCode',
      ],
      [
        {
          ...base,
          steps: [
            { type: 'wait', days: 1 },
            { type: 'branch', condition: { kind: 'purchased_since_start' }, yes: 0, no: 2 },
          ],
        },
        'body.definition.steps.1.yes',
      ],
      [
        { ...base, steps: [{ type: 'subscribe_message', purpose: 'spam' }] },
        'body.definition.steps.0.purpose',
      ],
    ];
    for (const [definition, path] of cases) {
      const res = await kit.playbook('bad', { definition });
      expect(res.status).toBe(400);
      const details = res.body.error.details;
      const paths = details.fields
        ? details.fields.map((f: { path: string }) => f.path)
        : [details.field];
      expect(paths).toContain(path);
    }
    await t.http
      .get('/api/admin/playbooks/bad')
      .set(await kit.admin())
      .expect(404);
  });

  it('lists the templates, and copies one as a draft', async () => {
    const list = await t.http
      .get('/api/admin/playbooks')
      .set(await kit.admin())
      .expect(200);
    expect(list.body.templates.map((x: { name: string }) => x.name)).toContain('唤醒三板斧');
    const res = await kit.playbook('wakeup', { templateId: 'wakeup-three' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'wakeup',
      status: 'draft',
      version: 1,
      templateId: 'wakeup-three',
    });
    await kit.tick();
    expect(await kit.runsOf(alice.id)).toEqual([]); // a draft enters nobody
  });

  it('step 1: a consultant task with the script and outcomes, in the sidebar', async () => {
    expect((await kit.move('wakeup', 'activate')).status).toBe(200);
    await kit.tick();
    expect(await kit.runsOf(alice.id)).toEqual([
      { playbookId: 'wakeup', status: 'waiting', step: 0, outcome: null },
    ]);
    const task = (await card()).followUps.find((f: { kind: string }) => f.kind === 'playbook');
    expect(task).toMatchObject({
      title: '第一板斧：1v1 问候并送老友回归礼',
      outcomes: ['已联系', '未回复', '不感兴趣'],
      status: 'open',
    });
    expect(task.playbook[0]).toContain('好久不见');
    expect(await kit.perksOf(alice.id)).toEqual([]);
    // Ticking again (or a second enrolment) adds nothing.
    await kit.advance(60_000);
    expect(
      (await card()).followUps.filter((f: { kind: string }) => f.kind === 'playbook'),
    ).toHaveLength(1);
  });

  it('marking the task done with an outcome resumes the run: gift granted, message sent', async () => {
    const task = (await card()).followUps.find((f: { kind: string }) => f.kind === 'playbook');
    const bad = await t.http
      .post(`/api/sidebar/follow-ups/${task.id}/done`)
      .set(await consultant())
      .send({});
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.outcome');
    await t.http
      .post(`/api/sidebar/follow-ups/${task.id}/done`)
      .set(await consultant())
      .send({ outcome: '已联系' })
      .expect(200);
    await kit.tick();
    expect(await kit.perksOf(alice.id)).toEqual(['vip_wakeup_gift']);
    const sent = kit.messages(alice.openid);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('老友回归礼');
    expect(await kit.runsOf(alice.id)).toEqual([
      { playbookId: 'wakeup', status: 'waiting', step: 4, outcome: null },
    ]);
  });

  it('an edit is a new version; the running member finishes on hers', async () => {
    const current = (
      await t.http
        .get('/api/admin/playbooks/wakeup')
        .set(await kit.admin())
        .expect(200)
    ).body;
    const definition = {
      ...current.definition,
      name: '唤醒三板斧（新版）',
      steps: [{ type: 'wait', days: 1 }],
    };
    const res = await t.http
      .put('/api/admin/playbooks/wakeup')
      .set(await kit.admin())
      .send({ definition })
      .expect(200);
    expect(res.body.version).toBe(2);
  });

  it('7 days later without a purchase: the second axe (priority access) and its message', async () => {
    await kit.advance(6 * DAY);
    expect(await kit.perksOf(alice.id)).toEqual(['vip_wakeup_gift']); // not yet: 7 days
    await kit.advance(DAY);
    expect((await kit.perksOf(alice.id)).sort()).toEqual(['koc_trial', 'vip_wakeup_gift']);
    expect(kit.messages(alice.openid)).toHaveLength(2);
  });

  it('paused: nothing happens; resumed: it goes on', async () => {
    expect((await kit.move('wakeup', 'pause')).status).toBe(200);
    await kit.advance(8 * DAY);
    expect(await kit.runsOf(alice.id)).toMatchObject([{ status: 'paused', step: 8 }]);
    expect(
      (await card()).followUps.filter((f: { kind: string }) => f.kind === 'playbook'),
    ).toHaveLength(1);
    const bad = await kit.move('wakeup', 'pause');
    expect(bad.status).toBe(409);
    expect((await kit.move('wakeup', 'resume')).status).toBe(200);
    await kit.tick();
    // The third axe: a second consultant task (an event invitation).
    const tasks = (await card()).followUps.filter((f: { kind: string }) => f.kind === 'playbook');
    expect(tasks.map((f: { title: string }) => f.title)).toContain('第三板斧：邀约品牌活动');
  });

  it('a purchase ends the run as converted, and nothing more is sent', async () => {
    await kit.buy(alice.openid, 88_800);
    await kit.tick();
    expect(await kit.runsOf(alice.id)).toEqual([
      { playbookId: 'wakeup', status: 'done', step: 9, outcome: 'converted' },
    ]);
    await kit.advance(30 * DAY);
    expect(kit.messages(alice.openid)).toHaveLength(2);
    const funnel = (
      await t.http
        .get('/api/admin/playbooks/wakeup')
        .set(await kit.admin())
        .expect(200)
    ).body.funnel;
    expect(funnel).toMatchObject({ entered: 1, touched: 1, converted: 1, revenueFen: 88_800 });
    expect(funnel.steps.map((s: { step: number }) => s.step)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });
});
