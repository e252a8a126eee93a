import type { AlertKind } from '@circles/shared';
import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { signedPost } from './helpers/member';
import { craftHistory, daysAfter, R1, regularsUntil, store } from './helpers/value';

jest.setTimeout(120_000);

describe('value engine: nightly job over crafted histories', () => {
  let t: TestApp;
  let clock: ManualClock;
  let champion: string;
  let ops: TestAdmin;
  const R2 = daysAfter(R1, 150);
  const job = () => t.container.services.valueJob;
  const m = () => ({
    Snapshot: t.container.conn.models.ValueSnapshot!,
    Alert: t.container.services.alerts.Alert,
  });
  const championId = async () => (await t.container.services.members.byMemberNo(champion))!._id;
  const alertsOf = async (kind: AlertKind) =>
    m()
      .Alert.find({ kind, memberId: await championId() })
      .lean();

  beforeAll(async () => {
    clock = new ManualClock(R1);
    t = await startTestApp({}, { clock });
    ops = await loginAs(t, 'ops');
    champion = await craftHistory(t, clock);
    // A buyer whose second order is refunded in full through the integrations API.
    await signedPost(t, '/api/integrations/orders', {
      orderNo: 'V-REFUND-1',
      member: { openid: 'o-refund' },
      channel: 'store',
      paidAt: daysAfter(R1, -10).toISOString(),
      amount: 30_000,
      items: [{ sku: 'S', name: '围巾', category: '配饰', quantity: 1, unitPrice: 30_000 }],
    }).expect(200);
    await signedPost(t, '/api/integrations/orders', {
      orderNo: 'V-REFUND-2',
      member: { openid: 'o-refund' },
      channel: 'store',
      paidAt: daysAfter(R1, -5).toISOString(),
      amount: 50_000,
      items: [{ sku: 'S', name: '大衣', category: '外套', quantity: 1, unitPrice: 50_000 }],
    }).expect(200);
    await signedPost(t, '/api/integrations/orders/V-REFUND-2/refunds', {
      refundNo: 'VR-1',
      amount: 50_000,
      reason: '尺码不合适',
    }).expect(200);
  });
  afterAll(() => t.close());

  it('scores every buyer on the first run, net of refunds, with the champion as 重要价值', async () => {
    const r = await job().run();
    expect(r).toMatchObject({ ran: true, runId: '2026-06-01', scored: 68 });
    const refund = await t.container.services.members.findByIdentity({
      kind: 'openid',
      value: 'o-refund',
    });
    const snap = await m().Snapshot.findOne({ runId: '2026-06-01', memberId: refund!._id }).lean();
    expect(snap).toMatchObject({ purchaseDays: 1, frequency: 1, monetaryFen: 30_000 });
    const v = await t.http
      .get(`/api/admin/value/members/${champion}`)
      .set(bearer(ops.token))
      .expect(200);
    expect(v.body).toMatchObject({
      asOf: '2026-06-01',
      segment: '重要价值',
      segmentFlags: 'R↑F↑M↑',
    });
    expect(v.body.scores).toEqual({ r: 5, f: 5, m: 5 });
    expect(v.body.pAlive).toBeGreaterThan(0.9);
    expect(v.body.clv12mFen).toBeGreaterThan(0);
    expect(await m().Alert.countDocuments({ memberId: await championId() })).toBe(0);
  });

  it('gives a champion who stopped buying a value-slide and a churn warning on the next run', async () => {
    clock.set(R2);
    await store(t, regularsUntil(150));
    ops = await loginAs(t, 'ops'); // the first session expired while the clock moved
    const r = await job().run();
    expect(r).toMatchObject({ ran: true, runId: '2026-10-29' });
    const [slide] = await alertsOf('value_slide');
    expect(slide).toMatchObject({ severity: 'warning', status: 'open' });
    expect(slide!.title).toBe('价值滑落：重要价值 → 重要保持');
    const churn = await alertsOf('churn_risk');
    expect(churn).toHaveLength(1);
    expect(churn[0]!.detail).toContain('已超出平时购买间隔（约 7 天）');
    const v = await t.http
      .get(`/api/admin/value/members/${champion}`)
      .set(bearer(ops.token))
      .expect(200);
    expect(v.body.segment).toBe('重要保持');
    expect(v.body.pAlive).toBeLessThan(0.3);
    expect(v.body.warnings.map((w: { kind: string }) => w.kind).sort()).toEqual([
      'churn_risk',
      'value_slide',
    ]);
  });

  it('adds no alert when a day is rerun or the next night finds the same lapse', async () => {
    const before = await m().Alert.countDocuments();
    expect(await job().runDue()).toMatchObject({ ran: false, runId: '2026-10-29' });
    const again = await job().run();
    expect(again).toMatchObject({ ran: true, runId: '2026-10-29', scored: 68, alertsRaised: 0 });
    expect(await m().Snapshot.countDocuments({ runId: '2026-10-29' })).toBe(68);
    clock.set(daysAfter(R2, 1));
    const next = await job().run();
    expect(next).toMatchObject({ ran: true, runId: '2026-10-30' });
    expect(await alertsOf('value_slide')).toHaveLength(1);
    expect(await alertsOf('churn_risk')).toHaveLength(1);
    const keys = await m().Alert.distinct('dedupeKey');
    expect(keys).toHaveLength(await m().Alert.countDocuments());
    expect(await m().Alert.countDocuments()).toBeGreaterThanOrEqual(before);
  });

  it('finishes a run killed three times, without duplicates and with the figures of a clean run', async () => {
    clock.set(daysAfter(R2, 2));
    const runId = '2026-10-31';
    const alertsBefore = await m().Alert.countDocuments();
    expect(await job().run({ batchSize: 7, haltAfterBatches: 3 })).toMatchObject({ ran: false });
    // Another instance is refused while the killed run's lease is fresh …
    expect(await job().fork().run()).toMatchObject({ ran: false, runId: null });
    // … and resumes it once the lease has expired, killed again in the score and alerts phases.
    clock.advance(11 * 60_000);
    expect(await job().fork().run({ batchSize: 7, haltAfterBatches: 12 })).toMatchObject({
      ran: false,
    });
    const mid = await t.container.conn.models.ValueRun!.findById(runId).lean();
    expect(mid?.phase).toBe('score');
    clock.advance(11 * 60_000);
    expect(await job().fork().run({ batchSize: 7, haltAfterBatches: 9 })).toMatchObject({
      ran: false,
    });
    expect((await t.container.conn.models.ValueRun!.findById(runId).lean())?.phase).toBe('alerts');
    clock.advance(11 * 60_000);
    const resumed = await job().fork().run({ batchSize: 7 });
    expect(resumed).toMatchObject({ ran: true, runId, scored: 68 });
    const figures = async () =>
      (await m().Snapshot.find({ runId }, { _id: 0 }).sort({ memberId: 1 }).lean()).map((s) =>
        JSON.stringify(s),
      );
    const afterKills = await figures();
    expect(afterKills).toHaveLength(68);
    expect(new Set(afterKills.map((f) => JSON.parse(f).memberId)).size).toBe(68);
    const alertsAfterKills = await m().Alert.countDocuments();
    const clean = await job().run();
    expect(clean).toMatchObject({ ran: true, runId, scored: 68, alertsRaised: 0 });
    expect(await figures()).toEqual(afterKills);
    expect(await m().Alert.countDocuments()).toBe(alertsAfterKills);
    expect(alertsAfterKills).toBeGreaterThanOrEqual(alertsBefore);
  });
});
