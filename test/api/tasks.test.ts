import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { memberIdOf, pointsOf } from './helpers/engagement';
import { loginMember, order, signedPost } from './helpers/member';

const DAY = 86_400_000;
jest.setTimeout(30_000);
let t: TestApp;
let clock: ManualClock;
let ops: TestAdmin;
let n = 0;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

function task(code: string, extra: Record<string, unknown>) {
  return {
    code,
    name: `任务${code}`,
    kind: 'signin',
    target: 1,
    period: 'daily',
    reward: { points: 10, growth: 0, perkCode: null },
    ...extra,
  };
}

async function createTask(body: Record<string, unknown>) {
  return t.http.post('/api/admin/tasks').set(bearer(ops.token)).send(body).expect(201);
}

async function newMember() {
  n += 1;
  return loginMember(t, `o-task-${n}`);
}

async function stateOf(token: string, code: string) {
  const res = await t.http.get('/api/mp/tasks').set(auth(token)).expect(200);
  return res.body.items.find((i: { code: string }) => i.code === code);
}

beforeAll(async () => {
  // Mid-morning in China, so "today" is unambiguous.
  clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));
  t = await startTestApp({}, { clock });
  ops = await loginAs(t, 'ops');
  await createTask(task('daily_signin', { streakBonus: { every: 3, points: 50 } }));
  await createTask(task('share_twice', { kind: 'share', target: 2, period: 'weekly' }));
  await createTask(
    task('review_once', {
      kind: 'review',
      period: 'once',
      reward: { points: 30, growth: 5, perkCode: null },
    }),
  );
  await createTask(task('profile_done', { kind: 'profile', period: 'once' }));
  await createTask(
    task('coat_first', { kind: 'category_purchase', period: 'once', category: '外套' }),
  );
  await createTask(task('spend_month', { kind: 'spend', target: 100_000, period: 'monthly' }));
});
afterAll(() => t.close());

describe('daily sign-in', () => {
  it('completes once per day, continues the streak and adds the bonus on day 3', async () => {
    const { token, member } = await newMember();
    const start = clock.now();
    const earned: number[] = [];
    for (let day = 0; day < 3; day++) {
      clock.set(new Date(start.getTime() + day * DAY));
      const first = await t.http.post('/api/mp/tasks/signin').set(auth(token)).expect(200);
      const again = await t.http.post('/api/mp/tasks/signin').set(auth(token)).expect(200);
      expect(first.body.items[0]).toMatchObject({ state: 'completed', streak: day + 1 });
      expect(again.body.items[0]).toMatchObject({ state: 'completed', streak: day + 1 });
      const before = await pointsOf(t, member.memberNo);
      await t.http.post('/api/mp/tasks/daily_signin/claim').set(auth(token)).expect(200);
      const replay = await t.http
        .post('/api/mp/tasks/daily_signin/claim')
        .set(auth(token))
        .expect(200);
      expect(replay.body.state).toBe('claimed');
      earned.push((await pointsOf(t, member.memberNo)) - before);
    }
    expect(earned).toEqual([10, 10, 60]);
    // A missed day restarts the streak.
    clock.set(new Date(start.getTime() + 5 * DAY));
    const late = await t.http.post('/api/mp/tasks/signin').set(auth(token)).expect(200);
    expect(late.body.items[0].streak).toBe(1);
    clock.set(start);
  });

  it('refuses a claim before completion with 409 TASK_NOT_COMPLETED and pays nothing', async () => {
    const { token, member } = await newMember();
    const res = await t.http.post('/api/mp/tasks/daily_signin/claim').set(auth(token)).expect(409);
    expect(res.body.error.code).toBe('TASK_NOT_COMPLETED');
    expect(await pointsOf(t, member.memberNo)).toBe(0);
    expect((await stateOf(token, 'daily_signin')).state).toBe('in_progress');
  });
});

describe('shares', () => {
  it("counts a share only when someone else opens it; own and repeat opens don't count", async () => {
    const sharer = await newMember();
    const friend = await newMember();
    const other = await newMember();
    const share = async () =>
      (
        await t.http
          .post('/api/mp/shares')
          .set(auth(sharer.token))
          .send({ page: 'pages/index/index' })
          .expect(200)
      ).body.shareId as string;
    const open = async (token: string, id: string) =>
      (await t.http.post(`/api/mp/shares/${id}/open`).set(auth(token)).expect(200)).body.counted;

    const s1 = await share();
    expect(await open(sharer.token, s1)).toBe(false);
    expect((await stateOf(sharer.token, 'share_twice')).progress).toBe(0);
    expect(await open(friend.token, s1)).toBe(true);
    expect(await open(friend.token, s1)).toBe(false);
    // A second person opening the same share doesn't make it count twice.
    expect(await open(other.token, s1)).toBe(false);
    expect((await stateOf(sharer.token, 'share_twice')).progress).toBe(1);

    const s2 = await share();
    expect(await open(other.token, s2)).toBe(true);
    expect((await stateOf(sharer.token, 'share_twice')).state).toBe('completed');
    await t.http.post('/api/mp/tasks/share_twice/claim').set(auth(sharer.token)).expect(200);

    // More shares this week don't complete it again; next week starts afresh.
    const s3 = await share();
    await open(friend.token, s3);
    expect(await stateOf(sharer.token, 'share_twice')).toMatchObject({
      state: 'claimed',
      progress: 2,
    });
    clock.advance(7 * DAY);
    expect(await stateOf(sharer.token, 'share_twice')).toMatchObject({
      state: 'in_progress',
      progress: 0,
    });
    clock.advance(-7 * DAY);
  });

  it('answers 404 for an unknown share and 400 for a malformed id', async () => {
    const { token } = await newMember();
    await t.http.post('/api/mp/shares/0123456789abcdef01234567/open').set(auth(token)).expect(404);
    await t.http.post('/api/mp/shares/nope/open').set(auth(token)).expect(400);
  });
});

describe('reviews, profile and purchases', () => {
  it('completes the review task once, ever', async () => {
    const { token, member } = await newMember();
    const review = { sku: 'SKU1', rating: 5, content: '面料很舒服，版型也很好看' };
    await t.http.post('/api/mp/reviews').set(auth(token)).send(review).expect(201);
    await t.http.post('/api/mp/tasks/review_once/claim').set(auth(token)).expect(200);
    await t.http.post('/api/mp/reviews').set(auth(token)).send(review).expect(201);
    clock.advance(20 * DAY);
    await t.http.post('/api/mp/tasks/review_once/claim').set(auth(token)).expect(200);
    clock.advance(-20 * DAY);
    expect(await pointsOf(t, member.memberNo)).toBe(30);
    const id = await memberIdOf(t, member.memberNo);
    expect(await t.container.services.growth.windowGrowth(id, clock.now())).toBe(5);
  });

  it('refuses a too-short review with 400 and counts nothing', async () => {
    const { token } = await newMember();
    await t.http
      .post('/api/mp/reviews')
      .set(auth(token))
      .send({ sku: 'S', rating: 5, content: '好' })
      .expect(400);
    expect((await stateOf(token, 'review_once')).progress).toBe(0);
  });

  it('completes the profile task when nickname, birthday and phone are all there', async () => {
    const { token } = await loginMember(t, 'o-profile');
    await t.http
      .patch('/api/mp/me')
      .set(auth(token))
      .send({ nickname: '小林', birthday: '1990-05-01' })
      .expect(200);
    expect((await stateOf(token, 'profile_done')).state).toBe('in_progress');
    const code = await t.http
      .post('/sandbox/weapp/phone-code')
      .send({ openid: 'o-profile', phone: '13900002222' })
      .expect(200);
    await t.http.post('/api/mp/phone').set(auth(token)).send({ code: code.body.code }).expect(200);
    expect((await stateOf(token, 'profile_done')).state).toBe('completed');
    await t.http.post('/api/mp/tasks/profile_done/claim').set(auth(token)).expect(200);
    expect((await stateOf(token, 'profile_done')).state).toBe('claimed');
  });

  it('counts orders once each: category purchase once ever, spend per month', async () => {
    const { token, member } = await newMember();
    const ref = { memberNo: member.memberNo };
    const hat = order(ref, 60_000, {
      paidAt: clock.now().toISOString(),
      items: [{ sku: 'H', name: '帽子', category: '配饰', quantity: 1, unitPrice: 60_000 }],
    });
    await signedPost(t, '/api/integrations/orders', hat).expect(200);
    await signedPost(t, '/api/integrations/orders', hat).expect(200); // replayed delivery
    expect(await stateOf(token, 'spend_month')).toMatchObject({
      progress: 60_000,
      state: 'in_progress',
    });
    expect((await stateOf(token, 'coat_first')).state).toBe('in_progress');
    await signedPost(
      t,
      '/api/integrations/orders',
      order(ref, 50_000, { paidAt: clock.now().toISOString() }),
    ).expect(200);
    expect(await stateOf(token, 'spend_month')).toMatchObject({
      progress: 100_000,
      state: 'completed',
    });
    expect((await stateOf(token, 'coat_first')).state).toBe('completed');
    clock.advance(9 * DAY);
    expect((await stateOf(token, 'spend_month')).progress).toBe(0);
    expect((await stateOf(token, 'coat_first')).state).toBe('completed');
    clock.advance(-9 * DAY);
  });
});

describe('admin task definitions', () => {
  it('creates, edits and archives tasks with audit records; tier eligibility hides tasks', async () => {
    await createTask(task('vip_share', { kind: 'share', eligibleTiers: ['gold'] }));
    const { token } = await newMember();
    expect(await stateOf(token, 'vip_share')).toBeUndefined();
    const edited = await t.http
      .put('/api/admin/tasks/vip_share')
      .set(bearer(ops.token))
      .send(task('vip_share', { kind: 'share', eligibleTiers: [] }))
      .expect(200);
    expect(edited.body.eligibleTiers).toEqual([]);
    expect(await stateOf(token, 'vip_share')).toBeDefined();
    await t.http.delete('/api/admin/tasks/vip_share').set(bearer(ops.token)).expect(200);
    expect(await stateOf(token, 'vip_share')).toBeUndefined();
    const audit = await t.http
      .get('/api/admin/audit-logs?targetType=task&targetId=vip_share')
      .set(bearer(ops.token))
      .expect(200);
    expect(audit.body.items.map((i: { action: string }) => i.action).sort()).toEqual([
      'task.archive',
      'task.create',
      'task.update',
    ]);
  });

  it('refuses a duplicate code (409), bad input (400) and analysts (403)', async () => {
    const dup = await t.http
      .post('/api/admin/tasks')
      .set(bearer(ops.token))
      .send(task('daily_signin', {}))
      .expect(409);
    expect(dup.body.error.code).toBe('TASK_CODE_TAKEN');
    await t.http
      .post('/api/admin/tasks')
      .set(bearer(ops.token))
      .send(task('Bad Code', {}))
      .expect(400);
    await t.http
      .post('/api/admin/tasks')
      .set(bearer(ops.token))
      .send(task('no_cat', { kind: 'category_purchase' }))
      .expect(400);
    const analyst = await loginAs(t, 'analyst');
    await t.http
      .post('/api/admin/tasks')
      .set(bearer(analyst.token))
      .send(task('by_analyst', {}))
      .expect(403);
    const list = await t.http.get('/api/admin/tasks').set(bearer(analyst.token)).expect(200);
    expect(list.body.items.map((i: { code: string }) => i.code)).not.toContain('by_analyst');
  });
});
