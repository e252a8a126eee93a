import { ManualClock } from '@circles/server/src/lib/clock';
import type { PerkMetrics } from '@circles/server/src/modules/value';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { craftHistory, daysAfter, R1, regularsUntil, store } from './helpers/value';

jest.setTimeout(120_000);

const fakeMetrics: PerkMetrics = {
  tiers: [
    { tierCode: 'gold', eligibleMembers: 10, membersUsedAny: 2, penetration: 0.2 },
    { tierCode: 'silver', eligibleMembers: 20, membersUsedAny: 12, penetration: 0.6 },
    { tierCode: 'diamond', eligibleMembers: 0, membersUsedAny: 0, penetration: 0 },
  ],
  perks: [
    {
      perkCode: 'gold_tea',
      perkName: '生日下午茶',
      tierCode: 'gold',
      eligibleMembers: 10,
      membersClaimed: 5,
      membersUsed: 1,
      usageRate: 0.1,
    },
  ],
};

describe('value engine: dashboard, migration, member value and alert APIs', () => {
  let t: TestApp;
  let clock: ManualClock;
  let champion: string;
  let ops: TestAdmin;
  let analyst: TestAdmin;
  const R2 = daysAfter(R1, 150);
  const get = (path: string, who: TestAdmin = analyst) => t.http.get(path).set(bearer(who.token));
  const Snapshot = () => t.container.conn.models.ValueSnapshot!;
  const influenceSince: Date[] = [];
  const followUps: Array<{ memberId: string; consultantUserId: string; sourceKey: string }> = [];

  beforeAll(async () => {
    clock = new ManualClock(R1);
    t = await startTestApp({}, { clock });
    t.container.services.valuePorts.perks = { metrics: async () => fakeMetrics };
    // Every member has consultant 'zhangsan'; the store records what a real one would create.
    t.container.services.valuePorts.followUps = {
      consultantsOf: async () => ['zhangsan'],
      createFollowUp: async (input) => {
        followUps.push({ ...input, memberId: String(input.memberId) });
      },
    };
    champion = await craftHistory(t, clock);
    await t.container.services.valueJob.run();
    clock.set(R2);
    await store(t, regularsUntil(150));
    const champ = (await t.container.services.members.byMemberNo(champion))!._id;
    t.container.services.valuePorts.engagement = {
      async *influenceCounts(since: Date) {
        influenceSince.push(since);
        yield { memberId: champ, shares: 2, invites: 1, attendances: 1 };
      },
    };
    await t.container.services.valueJob.run();
    [ops, analyst] = [await loginAs(t, 'ops'), await loginAs(t, 'analyst')];
  });
  afterAll(() => t.close());

  it('builds a migration matrix whose rows sum to the member counts of the first run', async () => {
    const res = await get('/api/admin/value/migration').expect(200);
    expect(res.body).toMatchObject({ from: '2026-06-01', to: '2026-10-29' });
    const fromRows = await Snapshot().find({ runId: '2026-06-01' }).lean();
    const toRows = await Snapshot().find({ runId: '2026-10-29' }).lean();
    const segments: string[] = res.body.segments;
    segments.forEach((segment, i) => {
      const row: number[] = res.body.counts[i];
      const members = fromRows.filter((r) => r.segment === segment).length;
      expect(row.reduce((a, b) => a + b, 0) + res.body.exited[i]).toBe(members);
      expect(res.body.fromTotals[i]).toBe(members);
      expect(res.body.toTotals[i]).toBe(toRows.filter((r) => r.segment === segment).length);
    });
    const champ = segments.indexOf('重要价值');
    expect(res.body.counts[champ][segments.indexOf('重要保持')]).toBeGreaterThanOrEqual(1);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(total(res.body.fromTotals)).toBe(67);
    expect(total(res.body.toTotals)).toBe(67);
  });

  it('refuses a migration for a day without a run or with a malformed date', async () => {
    const none = await get('/api/admin/value/migration?from=2026-01-01&to=2026-10-29').expect(404);
    expect(none.body.error.code).toBe('NOT_FOUND');
    const bad = await get('/api/admin/value/migration?from=June').expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('query.from');
  });

  it('summarises tiers, segments, Pareto, CLV and perk penetration in the overview', async () => {
    const res = await get('/api/admin/value/overview').expect(200);
    const o = res.body;
    expect(o.run).toMatchObject({ asOf: '2026-10-29', scored: 67 });
    expect(o.run.model.fittedOn).toBe(67);
    const sum = (xs: Array<{ members: number }>) => xs.reduce((a, r) => a + r.members, 0);
    expect(sum(o.segments)).toBe(67);
    expect(sum(o.clvBands)).toBe(67);
    expect(sum(o.tierMix)).toBe(67);
    const revenue = (await Snapshot().find({ runId: '2026-10-29' }).lean()).reduce(
      (a, s) => a + s.monetaryFen,
      0,
    );
    expect(o.segments.reduce((a: number, s: { revenueFen: number }) => a + s.revenueFen, 0)).toBe(
      revenue,
    );
    expect(o.pareto.at(-1)).toEqual({ memberShare: 1, revenueShare: 1 });
    expect(o.perkPenetration).toEqual(fakeMetrics);
    // One per tier per week: the two runs fall in different weeks.
    expect(o.openAlerts.byKind.perk_penetration).toBe(2);
  });

  it('raises perk alerts for the tier and the perk under their thresholds only, once a week', async () => {
    await t.container.services.valueJob.run(); // same week: nothing new
    const list = await get('/api/admin/value/alerts?kind=perk_penetration').expect(200);
    expect(list.body.items.map((a: { tierCode: string }) => a.tierCode)).toEqual(['gold', 'gold']);
    expect(list.body.items[0].detail).toContain('10 名会员中仅 2 人使用过权益');
    const usage = await get('/api/admin/value/alerts?kind=perk_usage').expect(200);
    expect(usage.body.total).toBe(2);
    expect(usage.body.items[0]).toMatchObject({ perkCode: 'gold_tea', severity: 'info' });
  });

  it("shows a member's value with open warnings, and acknowledging one is audited", async () => {
    const v = await get(`/api/admin/value/members/${champion}`).expect(200);
    expect(v.body.segment).toBe('重要保持');
    // 2 shares + 3 × 1 invite + 2 × 1 attendance, counted over the 90 days up to the run day.
    expect(v.body.influenceScore).toBe(7);
    // The window opens at 00:00 Beijing time on the first of its 90 Beijing days.
    expect(influenceSince[0]).toEqual(new Date('2026-08-01T00:00:00+08:00'));
    const slide = v.body.warnings.find((w: { kind: string }) => w.kind === 'value_slide');
    expect(slide).toMatchObject({ memberNo: champion, status: 'open' });
    await t.http
      .post(`/api/admin/value/alerts/${slide.id}/acknowledge`)
      .set(bearer(analyst.token))
      .expect(403);
    const ack = await t.http
      .post(`/api/admin/value/alerts/${slide.id}/acknowledge`)
      .set(bearer(ops.token))
      .expect(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: ops.username });
    const after = await get(`/api/admin/value/members/${champion}`).expect(200);
    expect(after.body.warnings.map((w: { kind: string }) => w.kind)).toEqual(['churn_risk']);
    const audit = await get('/api/admin/audit-logs?action=value.alert.acknowledge', ops).expect(
      200,
    );
    expect(audit.body.items[0]).toMatchObject({ target: { type: 'alert', id: slide.id } });
    expect(audit.body.items[0].before.status).toBe('open');
    // A rerun of the day keeps the acknowledgement: the alert is not raised again.
    await t.container.services.valueJob.run();
    const again = await get(`/api/admin/value/alerts?memberNo=${champion}&kind=value_slide`);
    expect(again.body.items.map((a: { status: string }) => a.status)).toEqual(['acknowledged']);
  });

  it('answers 404 for an unknown member or alert and 400 for a malformed alert id', async () => {
    expect((await get('/api/admin/value/members/NOPE').expect(404)).body.error.code).toBe(
      'MEMBER_NOT_FOUND',
    );
    await t.http
      .post('/api/admin/value/alerts/0123456789abcdef01234567/acknowledge')
      .set(bearer(ops.token))
      .expect(404);
    const bad = await t.http
      .post('/api/admin/value/alerts/xyz/acknowledge')
      .set(bearer(ops.token))
      .expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('params.id');
  });

  it("hands each member warning to the member's consultant as a follow-up keyed by the alert", async () => {
    const memberAlerts = await t.container.services.alerts.Alert.find({
      memberId: { $ne: null },
    }).lean();
    const keys = new Set(followUps.map((f) => f.sourceKey));
    for (const a of memberAlerts) expect(keys.has(a.dedupeKey)).toBe(true);
    expect(followUps.every((f) => f.consultantUserId === 'zhangsan')).toBe(true);
    const champ = await t.container.services.members.byMemberNo(champion);
    expect(
      followUps
        .filter((f) => f.memberId === String(champ!._id))
        .map((f) => f.sourceKey.split(':')[0]),
    ).toEqual(expect.arrayContaining(['value_slide', 'churn_risk']));
  });
});
