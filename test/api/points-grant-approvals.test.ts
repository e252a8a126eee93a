import type { PointsService } from '@circles/server/src/modules/points';
import { systemBy } from '@circles/server/src/modules/audit';
import { GRANT_APPROVAL_MAX_MEMBERS, GRANT_APPROVAL_MAX_POINTS } from '@circles/shared';
import type { Types } from 'mongoose';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

jest.setTimeout(60_000);

// Six members × 20,000 points = 120,000 in total: above GRANT_APPROVAL_MAX_POINTS.
const LARGE = 20_000;

describe('bulk grants: confirm estimate and the two-person rule', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let admin: TestAdmin;
  let admin2: TestAdmin;
  let points: PointsService;
  const nos: string[] = [];
  const ids: Types.ObjectId[] = [];
  let seq = 0;
  beforeAll(async () => {
    t = await startTestApp();
    points = t.container.services.points;
    [ops, admin, admin2] = [
      await loginAs(t, 'ops'),
      await loginAs(t, 'admin'),
      await loginAs(t, 'admin'),
    ];
    for (let i = 0; i < 6; i++) {
      const { member } = await loginMember(t, `o-approve-${i}`);
      nos.push(member.memberNo);
      ids.push((await t.container.services.members.byMemberNo(member.memberNo))!._id);
    }
  });
  afterAll(() => t.close());

  const grant = (by: TestAdmin, pts = LARGE, extra: Record<string, unknown> = {}) =>
    t.http
      .post('/api/admin/points/grants')
      .set(bearer(by.token))
      .send({
        kind: 'grant',
        segment: { tier: 'normal' },
        points: pts,
        reason: '周年庆回馈',
        idempotencyKey: `approval-case-${++seq}`,
        ...extra,
      });
  const decide = (by: TestAdmin, id: string, what: 'approve' | 'reject', note?: string) =>
    t.http
      .post(`/api/admin/points/grants/${id}/${what}`)
      .set(bearer(by.token))
      .send(note ? { note } : {});
  const entries = (sourceId: string) =>
    points.m.Entry.find({ sourceType: 'points_grant', sourceId }).lean();
  async function finished(id: string) {
    await t.container.services.pointsGrants.running.get(id);
    return (await t.http.get(`/api/admin/points/grants/${id}`).set(bearer(admin.token))).body;
  }
  const actions = async (id: string) =>
    (
      await t.http.get(`/api/admin/audit-logs?targetId=${id}`).set(bearer(admin.token)).expect(200)
    ).body.items
      .map((e: { action: string }) => e.action)
      .sort();

  it('estimates members and total points before running, and says when approval is needed', async () => {
    const estimate = (by: TestAdmin, body: Record<string, unknown>) =>
      t.http.post('/api/admin/points/grants/estimate').set(bearer(by.token)).send(body);
    const small = await estimate(ops, {
      kind: 'grant',
      segment: { tier: 'normal' },
      points: 200,
      reason: 'x',
    }).expect(200);
    expect(small.body).toEqual({
      kind: 'grant',
      members: 6,
      points: 200,
      totalPoints: 1200,
      unknownMemberNos: 0,
      approval: {
        required: false,
        maxMembers: GRANT_APPROVAL_MAX_MEMBERS,
        maxPoints: GRANT_APPROVAL_MAX_POINTS,
      },
    });
    const large = { kind: 'grant', segment: { tier: 'normal' }, points: LARGE, reason: 'x' };
    expect((await estimate(ops, large).expect(200)).body).toMatchObject({
      totalPoints: 120_000,
      approval: { required: true },
    });
    expect((await estimate(admin, large).expect(200)).body.approval.required).toBe(false);
    // A list counts distinct known numbers; unknown ones are reported apart and move nothing.
    const list = await estimate(ops, {
      kind: 'deduct',
      segment: { memberNos: [nos[0], nos[0], nos[1], 'M404404'] },
      points: 10,
      reason: 'x',
    }).expect(200);
    expect(list.body).toMatchObject({ members: 2, unknownMemberNos: 1, totalPoints: 20 });
    const bad = await estimate(ops, { ...large, points: 0 }).expect(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(
      'body.points',
    );
    const tier = await estimate(ops, { ...large, segment: { tier: 'nope' } }).expect(400);
    expect(tier.body.error.details.fields[0].path).toBe('body.segment.tier');
    const analyst = await loginAs(t, 'analyst');
    await estimate(analyst, large).expect(403);
    expect(await points.m.Entry.countDocuments({ sourceType: 'points_grant' })).toBe(0);
  });

  it("holds an ops member's large grant until another admin approves it, then runs it once", async () => {
    const req = await grant(ops).expect(202);
    const id: string = req.body.id;
    expect(req.body).toMatchObject({
      status: 'pending_approval',
      total: 6,
      approval: { status: 'pending', requestedBy: ops.username, decidedBy: null },
    });
    expect(await entries(id)).toHaveLength(0);
    const queue = await t.http
      .get('/api/admin/points/grant-approvals')
      .set(bearer(ops.token))
      .expect(200);
    expect(queue.body.items.map((j: { id: string }) => j.id)).toEqual([id]);
    // Resume is no way around the rule, and ops can't decide.
    const resume = await t.http
      .post(`/api/admin/points/grants/${id}/resume`)
      .set(bearer(ops.token))
      .expect(409);
    expect(resume.body.error.code).toBe('POINTS_GRANT_NOT_RUNNABLE');
    await decide(ops, id, 'approve').expect(403);
    expect(await entries(id)).toHaveLength(0);

    const ok = await decide(admin, id, 'approve', '预算已确认').expect(202);
    expect(ok.body).toMatchObject({
      status: 'running',
      approval: { status: 'approved', decidedBy: admin.username, note: '预算已确认' },
    });
    const job = await finished(id);
    expect(job).toMatchObject({ status: 'done', done: 6, failed: 0 });
    const twice = await decide(admin2, id, 'approve').expect(409);
    expect(twice.body.error.code).toBe('POINTS_GRANT_NOT_PENDING');
    expect((await decide(admin2, id, 'reject').expect(409)).body.error.code).toBe(
      'POINTS_GRANT_NOT_PENDING',
    );
    const moved = await entries(id);
    expect(moved.map((e) => e.delta)).toEqual(Array(6).fill(LARGE));
    expect(await actions(id)).toEqual([
      'points.grant.approve',
      'points.grant.finish',
      'points.grant.request',
    ]);
    const empty = await t.http.get('/api/admin/points/grant-approvals').set(bearer(admin.token));
    expect(empty.body.items).toEqual([]);
  });

  it('rejects a pending grant with a note: nothing is granted and it can never run', async () => {
    const req = await grant(ops).expect(202);
    const id: string = req.body.id;
    const res = await decide(admin, id, 'reject', '超出本月预算').expect(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      approval: { status: 'rejected', decidedBy: admin.username, note: '超出本月预算' },
    });
    expect(res.body.finishedAt).not.toBeNull();
    expect((await decide(admin2, id, 'approve').expect(409)).body.error.code).toBe(
      'POINTS_GRANT_NOT_PENDING',
    );
    const resume = await t.http
      .post(`/api/admin/points/grants/${id}/resume`)
      .set(bearer(admin.token))
      .expect(409);
    expect(resume.body.error.code).toBe('POINTS_GRANT_NOT_RUNNABLE');
    expect(await entries(id)).toHaveLength(0);
    expect(await actions(id)).toEqual(['points.grant.reject', 'points.grant.request']);
    const bad = await t.http
      .post(`/api/admin/points/grants/${id}/reject`)
      .set(bearer(admin.token))
      .send({ note: 'x'.repeat(201) })
      .expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.note');
  });

  it('refuses self-approval: a requester made admin later still needs another admin', async () => {
    const requester = await loginAs(t, 'ops');
    const id: string = (await grant(requester).expect(202)).body.id;
    await t.container.services.adminAccounts.update(systemBy('test'), requester.id, {
      role: 'admin',
    });
    const promoted = {
      ...requester,
      token: (
        await t.http
          .post('/api/admin/auth/login')
          .send({ username: requester.username, password: requester.password })
          .expect(200)
      ).body.token as string,
    };
    const self = await decide(promoted, id, 'approve').expect(403);
    expect(self.body.error.code).toBe('POINTS_GRANT_SELF_APPROVAL');
    const job = await t.http.get(`/api/admin/points/grants/${id}`).set(bearer(admin.token));
    expect(job.body).toMatchObject({ status: 'pending_approval', approval: { status: 'pending' } });
    expect(await entries(id)).toHaveLength(0);
    await decide(admin, id, 'reject').expect(200);
  });

  it('lets only one of two admins approving at once run the grant', async () => {
    const id: string = (await grant(ops).expect(202)).body.id;
    const [a, b] = await Promise.all([decide(admin, id, 'approve'), decide(admin2, id, 'approve')]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    await finished(id);
    const moved = await entries(id);
    expect(moved).toHaveLength(6);
    expect(new Set(moved.map((e) => String(e.memberId))).size).toBe(6);
  });

  it("runs an admin's own large grant at once, and small ops grants need no approval", async () => {
    const own = await grant(admin).expect(202);
    expect(own.body).toMatchObject({ status: 'running', approval: null });
    expect(await finished(own.body.id)).toMatchObject({ status: 'done', done: 6 });
    expect(await actions(own.body.id)).toEqual(['points.grant.create', 'points.grant.finish']);
    const small = await grant(ops, 100).expect(202);
    expect(small.body).toMatchObject({ status: 'running', approval: null });
    expect(await finished(small.body.id)).toMatchObject({ status: 'done', done: 6 });
    // A replayed request answers with the first job and moves nothing again.
    const replay = await t.http
      .post('/api/admin/points/grants')
      .set(bearer(ops.token))
      .send({
        kind: 'grant',
        segment: { tier: 'normal' },
        points: 100,
        reason: '周年庆回馈',
        idempotencyKey: `approval-case-${seq}`,
      })
      .expect(202);
    expect(replay.body.id).toBe(small.body.id);
    expect(await entries(small.body.id)).toHaveLength(6);
  });
});
