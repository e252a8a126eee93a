import { ManualClock } from '@circles/server/src/lib/clock';
import { RFM_SEGMENTS } from '@circles/shared';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { daysAfter, R1, store } from './helpers/value';

jest.setTimeout(180_000);

/**
 * 会员健康度: the weekly high-value churn rate measured after each value run, and the alert
 * that opens only when the rate stays above the threshold for two weeks running.
 */
describe('member health: weekly high-value churn and the diagnosis alert', () => {
  let t: TestApp;
  const clock = new ManualClock(daysAfter(R1, 2)); // Wednesday 2026-06-03, Beijing
  let admin: TestAdmin;
  let analyst: TestAdmin;
  const ids: string[] = [];
  let raised = 0;
  const s = () => t.container.services;
  const MEMBERS = 20;

  /** Churn warnings as the value job raises them, for the next `n` members, at the clock. */
  async function churn(n: number) {
    for (let i = 0; i < n; i++, raised++) {
      const member = await s().members.resolve(ids[raised]!);
      await s().alerts.raise({
        kind: 'churn_risk',
        memberId: member!._id,
        severity: 'warning',
        title: '流失预警',
        detail: '测试',
        dedupeKey: `churn_risk:${ids[raised]}:test`,
      });
    }
  }
  /** A week later, the nightly value run (the health figure follows it). */
  async function nextWeek(churned: number) {
    clock.set(new Date(clock.now().getTime() + 7 * 86_400_000));
    await churn(churned);
    await s().valueJob.run();
  }
  const overview = async () =>
    (
      await t.http
        .get('/api/admin/member-health')
        .set(await reader())
        .expect(200)
    ).body;
  // The controlled clock runs past a session's lifetime: a fresh login per read.
  const reader = async () => bearer((await loginAs(t, 'analyst')).token);
  const healthAlerts = () => s().alerts.Alert.countDocuments({ kind: 'member_health' });

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await store(
      t,
      Array.from({ length: MEMBERS }, (_, i) => [
        { openid: `o-health-${i}`, day: -60, amount: 30_000 + i * 100 },
        { openid: `o-health-${i}`, day: -30, amount: 20_000 },
      ]).flat(),
    );
    for (let i = 0; i < MEMBERS; i++) {
      const m = await s().members.findByIdentity({ kind: 'openid', value: `o-health-${i}` });
      ids.push(String(m!._id));
    }
    [admin, analyst] = [await loginAs(t, 'admin'), await loginAs(t, 'analyst')];
  });
  afterAll(() => t.close());

  it('refuses bad thresholds naming the field, and only admins change them', async () => {
    const bad = await t.http
      .put('/api/admin/member-health/settings')
      .set(bearer(admin.token))
      .send({ churnRateMax: 2, consecutiveWeeks: 2, segments: ['重要价值'] })
      .expect(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('body.churnRateMax');
    await t.http
      .put('/api/admin/member-health/settings')
      .set(bearer(analyst.token))
      .send({ churnRateMax: 0.05, consecutiveWeeks: 2, segments: ['重要价值'] })
      .expect(403);
    expect((await overview()).settings).toEqual({
      churnRateMax: 0.05,
      consecutiveWeeks: 2,
      segments: ['重要价值', '重要发展', '重要保持', '重要挽留'],
    });
    // Every scored member counts as valuable here, so the base is known: 20.
    const saved = await t.http
      .put('/api/admin/member-health/settings')
      .set(bearer(admin.token))
      .send({ churnRateMax: 0.05, consecutiveWeeks: 2, segments: [...RFM_SEGMENTS] })
      .expect(200);
    expect(saved.body.segments).toHaveLength(8);
  });

  it('opens the alert only after two consecutive weeks above 5%', async () => {
    await churn(2); // week 23: 2 / 20 = 10%
    await s().valueJob.run();
    let o = await overview();
    expect(o.weeks).toEqual([
      {
        week: '2026-W23',
        day: '2026-06-03',
        churned: 2,
        base: MEMBERS,
        rate: 0.1,
        unhealthy: true,
      },
    ]);
    expect(o.alert).toBeNull();

    await nextWeek(0); // W24 healthy: the streak breaks
    await nextWeek(2); // W25 above, but W24 was not
    await nextWeek(1); // W26 exactly 5%: not above
    await nextWeek(2); // W27 above, W26 was not
    o = await overview();
    expect(o.weeks.map((w: { week: string; unhealthy: boolean }) => [w.week, w.unhealthy])).toEqual(
      [
        ['2026-W23', true],
        ['2026-W24', false],
        ['2026-W25', true],
        ['2026-W26', false],
        ['2026-W27', true],
      ],
    );
    expect(o.alert).toBeNull();
    expect(await healthAlerts()).toBe(0);

    await nextWeek(3); // W28: 15% after W27's 10% — two weeks running
    o = await overview();
    expect(o.weeks.at(-1)).toMatchObject({ week: '2026-W28', churned: 3, rate: 0.15 });
    expect(o.alert).toMatchObject({ week: '2026-W28' });
    expect(o.alert.title).toContain('连续 2 周高于 5.0%');
    // A later run in the same week measures again but opens no second alert.
    clock.set(new Date(clock.now().getTime() + 86_400_000));
    await s().valueJob.run();
    expect(await healthAlerts()).toBe(1);
  });

  it('diagnoses the alerting week: where its churned members come from and their last touches', async () => {
    const res = await t.http
      .get('/api/admin/member-health/diagnosis?week=2026-W28')
      .set(await reader())
      .expect(200);
    const d = res.body;
    expect(d).toMatchObject({
      week: '2026-W28',
      churned: 3,
      base: MEMBERS,
      rate: 0.15,
      examined: 3,
    });
    // The test orders carry no store and the members no consultant.
    expect(d.byConsultant).toEqual([{ key: '', label: '未添加导购', members: 3 }]);
    expect(d.byStore.reduce((n: number, r: { members: number }) => n + r.members, 0)).toBe(3);
    expect(d.perkUsage).toEqual({ usedIn90d: 0, share: 0 });
    const churnedIds = ids.slice(raised - 3, raised).sort();
    expect(d.members.map((m: { memberId: string }) => m.memberId).sort()).toEqual(churnedIds);
    for (const m of d.members) {
      expect(m.memberNo).not.toBe('');
      expect(RFM_SEGMENTS).toContain(m.segment);
      expect(m.lastTouch).toBeNull();
    }
    await t.http
      .get('/api/admin/member-health/diagnosis?week=28')
      .set(await reader())
      .expect(400);
  });
});
