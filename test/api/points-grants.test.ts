import type { PointsService } from '@circles/server/src/modules/points';
import { Types } from 'mongoose';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

// Real app on the embedded engine, with 100-way races: generous on a shared 2-core machine.
jest.setTimeout(60_000);

describe('bulk points grants', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let points: PointsService;
  const nos: string[] = [];
  const ids: Types.ObjectId[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    points = t.container.services.points;
    ops = await loginAs(t, 'ops');
    for (let i = 0; i < 6; i++) {
      const { member } = await loginMember(t, `o-grant-${i}`);
      nos.push(member.memberNo);
      ids.push((await t.container.services.members.byMemberNo(member.memberNo))!._id);
    }
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>) =>
    t.http.post('/api/admin/points/grants').set(bearer(ops.token)).send(body);
  /** Waits for the background run, then reads the job through the API. */
  async function finished(id: string) {
    await t.container.services.pointsGrants.running.get(id);
    return (await t.http.get(`/api/admin/points/grants/${id}`).set(bearer(ops.token)).expect(200))
      .body;
  }
  const entries = (memberId: Types.ObjectId, sourceId: string) =>
    points.m.Entry.find({ memberId, sourceType: 'points_grant', sourceId }).lean();

  it('grants a whole tier once, with progress, a reason and audit records', async () => {
    const body = {
      kind: 'grant',
      segment: { tier: 'normal' },
      points: 200,
      reason: '双十一回馈',
      idempotencyKey: 'grant-tier-normal-1',
    };
    const started = await post(body).expect(202);
    expect(started.body).toMatchObject({ status: 'running', total: 6, segment: { type: 'tier' } });
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'done', total: 6, done: 6, failed: 0 });
    const replay = await post(body).expect(202);
    expect(replay.body.id).toBe(started.body.id);
    for (const id of ids) {
      expect(await points.balance(id)).toEqual({ balance: 200 });
      const e = await entries(id, job.id);
      expect(e.map((x) => [x.delta, x.reasonText, x.note])).toEqual([
        [200, '活动赠送', '双十一回馈'],
      ]);
    }
    const audit = await t.http
      .get(`/api/admin/audit-logs?targetId=${job.id}`)
      .set(bearer(ops.token))
      .expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action).sort();
    expect(actions).toEqual(['points.grant.create', 'points.grant.finish']);
  });

  it('deducts from an uploaded list and reports unknown members and short balances', async () => {
    await points.debit({
      memberId: ids[1]!,
      points: 100,
      reason: 'redeem',
      sourceType: 'test',
      sourceId: 'x',
      idempotencyKey: `spend-${ids[1]}`,
    });
    const started = await post({
      kind: 'deduct',
      segment: { memberNos: [nos[0], 'M404404', nos[1]] },
      points: 150,
      reason: '误发积分回收',
      idempotencyKey: 'deduct-list-0001',
    }).expect(202);
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'done', total: 3, done: 1, failed: 2 });
    expect(job.failures).toEqual([
      expect.objectContaining({ memberNo: 'M404404', code: 'MEMBER_NOT_FOUND' }),
      expect.objectContaining({ memberNo: nos[1], code: 'POINTS_INSUFFICIENT' }),
    ]);
    expect(await points.balance(ids[0]!)).toEqual({ balance: 50 });
    expect(await points.balance(ids[1]!)).toEqual({ balance: 100 });
    for (const id of ids) {
      const r = await points.reconcile(id);
      expect(r.ledgerSum).toBe(r.balance);
    }
  });

  it('resumes a job that died half-way without granting anyone twice', async () => {
    let n = 0;
    points.ledger.faults.afterInsert = async (entry) => {
      if (entry.reason === 'grant' && ++n === 4) throw new Error('process killed');
    };
    const started = await post({
      kind: 'grant',
      segment: { memberNos: nos },
      points: 7,
      reason: '补偿',
      idempotencyKey: 'grant-kill-0001',
    }).expect(202);
    const dead = await finished(started.body.id);
    points.ledger.faults.afterInsert = undefined;
    expect(dead).toMatchObject({ status: 'failed', error: 'process killed' });
    const resumed = await t.http
      .post(`/api/admin/points/grants/${started.body.id}/resume`)
      .set(bearer(ops.token))
      .expect(202);
    const job = await finished(resumed.body.id);
    expect(job).toMatchObject({ status: 'done', done: 6, failed: 0, total: 6 });
    for (const id of ids) {
      const e = await entries(id, job.id);
      expect(e.map((x) => x.delta)).toEqual([7]);
      const r = await points.reconcile(id);
      expect(r.ledgerSum).toBe(r.balance);
    }
  });

  it('grants to a tag through the tags port, and refuses tags when none is wired', async () => {
    const body = {
      kind: 'grant',
      segment: { tagId: 'tag-vip' },
      points: 3,
      reason: '标签活动',
      idempotencyKey: 'grant-tag-0001',
    };
    const ports = t.container.services.pointsPorts;
    const real = ports.tags;
    Reflect.deleteProperty(ports, 'tags'); // a port that is not there at run time
    expect((await post(body).expect(409)).body.error.code).toBe('POINTS_SEGMENT_UNAVAILABLE');
    ports.tags = {
      async *memberIdsWithTag(tagId) {
        if (tagId === 'tag-vip') yield* [ids[2]!, ids[3]!];
      },
    };
    const started = await post(body).expect(202);
    const job = await finished(started.body.id);
    ports.tags = real;
    expect(job).toMatchObject({ status: 'done', total: 2, done: 2 });
    expect((await entries(ids[2]!, job.id)).map((e) => e.delta)).toEqual([3]);
    expect(await entries(ids[4]!, job.id)).toHaveLength(0);
  });

  it('answers 400 with the field for bad input and 404 for an unknown job', async () => {
    const bad = await post({
      kind: 'grant',
      segment: { tier: 'gold', tagId: 'x' },
      points: 0,
      reason: '',
      idempotencyKey: 'bad-grant-0001',
    }).expect(400);
    const paths = bad.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.points', 'body.reason']));
    const tier = await post({
      kind: 'grant',
      segment: { tier: 'no-such-tier' },
      points: 1,
      reason: 'x',
      idempotencyKey: 'bad-grant-0002',
    }).expect(400);
    expect(tier.body.error.details.fields[0].path).toBe('body.segment.tier');
    const analyst = await loginAs(t, 'analyst');
    await t.http
      .post('/api/admin/points/grants')
      .set(bearer(analyst.token))
      .send({
        kind: 'grant',
        segment: { tier: 'normal' },
        points: 1,
        reason: 'x',
        idempotencyKey: 'analyst-0001',
      })
      .expect(403);
    const missing = await t.http
      .get(`/api/admin/points/grants/${new Types.ObjectId()}`)
      .set(bearer(ops.token))
      .expect(404);
    expect(missing.body.error.code).toBe('POINTS_GRANT_NOT_FOUND');
    expect(
      await t.container.services.pointsGrants.m.GrantJob.countDocuments({ key: /bad-grant/ }),
    ).toBe(0);
  });
});
