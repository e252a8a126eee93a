import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer } from './helpers/admin';
import { DAY, playbookKit } from './helpers/playbooks';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

jest.setTimeout(60_000);

/** Event triggers: a tier change enters members of the guard circle, once per change. */
describe('playbooks: the tier-change trigger', () => {
  let t: WeComTestApp;
  const clock = new ManualClock(new Date('2026-12-03T02:00:00Z'));
  let kit: ReturnType<typeof playbookKit>;
  const s = () => t.container.services;

  beforeAll(async () => {
    t = await startWeComApp({ clock });
    kit = playbookKit(t, clock);
    await kit.circle('newcomers', { field: 'tier', op: 'eq', value: 'normal' });
  });
  afterAll(() => t.close());

  const playbook = (id: string, direction: unknown) =>
    kit.playbook(id, {
      definition: {
        name: `等级${id}`,
        trigger: { type: 'tier_changed', circleId: 'newcomers', direction },
        goal: 'none',
        steps: [{ type: 'grant_points', points: 200 }],
      },
    });

  it('refuses a tier trigger without a direction, naming the field, and stores nothing', async () => {
    const res = await playbook('no-direction', undefined);
    expect(res.status).toBe(400);
    const details = res.body.error.details;
    const paths = details.fields
      ? details.fields.map((f: { path: string }) => f.path)
      : [details.field];
    expect(paths).toContain('body.definition.trigger.direction');
    await t.http
      .get('/api/admin/playbooks/no-direction')
      .set(await kit.admin())
      .expect(404);
  });

  it('enters a guard-circle member on an upgrade only, runs the step now and once', async () => {
    const alice = await kit.member('o-tier-alice', 'u-tier-alice', 0);
    await kit.materialize(); // alice is in 新客 (tier normal) before she upgrades
    expect((await playbook('tier-up', 'up')).status).toBe(201);
    expect((await playbook('tier-down', 'down')).status).toBe(201);
    await kit.move('tier-up', 'activate').then((r) => expect(r.status).toBe(200));
    await kit.move('tier-down', 'activate').then((r) => expect(r.status).toBe(200));
    // Bob joins after the materialisation: outside the guard circle when he upgrades.
    const bob = await kit.member('o-tier-bob', 'u-tier-bob', 0);
    const before = (await s().points.balance(alice.id)).balance;

    await kit.buy(alice.openid, 600_000); // normal → gold
    await kit.buy(bob.openid, 600_000);
    await s().queue.idle();

    const runs = await s().playbookRuns.runsOf(alice.id);
    expect(runs.map((r) => [r.playbookId, r.status, r.outcome])).toEqual([
      ['tier-up', 'done', 'completed'],
    ]);
    expect(runs[0]!.history.map((h) => h.type)).toEqual(['grant_points']);
    const member = await s().members.require(alice.id);
    expect(member.tierCode).not.toBe('normal');
    expect(runs[0]!.episode).toBe(`tier:${member.tierVersion}`);
    expect(await s().playbookRuns.runsOf(bob.id)).toEqual([]);

    // The order's own points plus the playbook's 200.
    const earned = (await s().points.balance(alice.id)).balance - before;
    expect(earned).toBeGreaterThanOrEqual(200);

    // A redelivered event (same tier version) enters nobody again.
    const again = await s().playbookRuns.tierChanged(
      { memberId: alice.id, version: member.tierVersion, direction: 'up' },
      await s().playbooks.list(),
    );
    expect(again).toEqual([]);
    expect(await s().playbookRuns.runsOf(alice.id)).toHaveLength(1);
  });

  it('enters circle members in their Beijing birthday month, once a year', async () => {
    // 2026-12-03 10:00 Beijing: December. Carol's birthday is in December, Dan's in January.
    const carol = await kit.member('o-bd-carol', 'u-bd-carol', 0);
    const dan = await kit.member('o-bd-dan', 'u-bd-dan', 0);
    for (const [m, birthday] of [
      [carol, '1990-12-25'],
      [dan, '1991-01-01'],
    ] as const) {
      await t.http.patch('/api/mp/me').set(bearer(m.token)).send({ birthday }).expect(200);
    }
    await kit.materialize();
    const created = await kit.playbook('birthday', {
      definition: {
        name: '生日',
        trigger: { type: 'birthday_month', circleId: 'newcomers' },
        goal: 'none',
        steps: [{ type: 'grant_points', points: 50 }],
      },
    });
    expect(created.status).toBe(201);
    expect((await kit.move('birthday', 'activate')).status).toBe(200);
    await kit.tick();
    await kit.tick(); // a second tick the same day enters nobody again
    const ofCarol = (await s().playbookRuns.runsOf(carol.id)).filter(
      (r) => r.playbookId === 'birthday',
    );
    expect(ofCarol.map((r) => [r.episode, r.outcome])).toEqual([['birthday:2026', 'completed']]);
    expect(await s().playbookRuns.runsOf(dan.id)).toEqual([]);

    // A month later (January 2027 in Beijing) Dan's turn comes; Carol is not entered again.
    clock.advance(31 * DAY);
    await kit.tick();
    const ofDan = await s().playbookRuns.runsOf(dan.id);
    expect(ofDan.map((r) => [r.playbookId, r.episode])).toEqual([['birthday', 'birthday:2027']]);
    expect(
      (await s().playbookRuns.runsOf(carol.id)).filter((r) => r.playbookId === 'birthday'),
    ).toHaveLength(1);
  });
});
