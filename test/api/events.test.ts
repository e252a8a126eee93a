import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { memberIdOf, pointsOf } from './helpers/engagement';
import { loginMember } from './helpers/member';

const DAY = 86_400_000;
jest.setTimeout(120_000);
let t: TestApp;
let clock: ManualClock;
let ops: TestAdmin;
let n = 0;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const T0 = new Date('2026-11-23T02:00:00Z');

function eventBody(extra: Record<string, unknown> = {}) {
  return {
    title: '冬季新品品鉴会',
    kind: 'tasting',
    startAt: new Date(T0.getTime() + 10 * DAY).toISOString(),
    endAt: new Date(T0.getTime() + 10 * DAY + 3 * 3_600_000).toISOString(),
    place: '上海静安嘉里中心 L2',
    capacity: 50,
    signupDeadline: new Date(T0.getTime() + 9 * DAY).toISOString(),
    reward: { points: 100, growth: 10 },
    ...extra,
  };
}

async function createEvent(extra: Record<string, unknown> = {}) {
  const res = await t.http
    .post('/api/admin/events')
    .set(bearer(ops.token))
    .send(eventBody(extra))
    .expect(201);
  return res.body.id as string;
}

async function newMember() {
  n += 1;
  return loginMember(t, `o-event-${n}`);
}

const signup = (token: string, id: string) =>
  t.http.post(`/api/mp/events/${id}/signup`).set(auth(token));

/** Staff sessions are short-lived, so the scanner logs in at the (moved) clock's time. */
const checkin = async (eventId: string, token: string, status: number) => {
  const staff = await loginAs(t, 'ops');
  return t.http
    .post('/api/events/checkins')
    .set(bearer(staff.token))
    .send({ eventId, token })
    .expect(status);
};

async function rows(id: string) {
  const res = await t.http
    .get(`/api/admin/events/${id}/signups`)
    .set(bearer(ops.token))
    .expect(200);
  return res.body.items as Array<{ memberNo: string; state: string; seq: number }>;
}

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await startTestApp({}, { clock });
  ops = await loginAs(t, 'ops');
});
afterAll(() => t.close());
afterEach(() => clock.set(T0));

describe('sign-up under load', () => {
  it('registers exactly 50 of 200 concurrent sign-ups and waitlists the rest in order', async () => {
    const id = await createEvent();
    const members = [];
    for (let i = 0; i < 200; i++) members.push(await newMember());
    const answers = await Promise.all(members.map((m) => signup(m.token, id)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const states = answers.map((a) => a.body.state);
    expect(states.filter((s) => s === 'registered')).toHaveLength(50);
    expect(states.filter((s) => s === 'waitlisted')).toHaveLength(150);
    const positions = answers
      .filter((a) => a.body.state === 'waitlisted')
      .map((a) => a.body.position);
    expect(new Set(positions).size).toBe(150);

    const list = await rows(id);
    expect(list.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Seats went to the first 50 in line; the waitlist is the rest, in sign-up order.
    expect(list.slice(0, 50).every((r) => r.state === 'registered')).toBe(true);
    expect(list.slice(50).every((r) => r.state === 'waitlisted')).toBe(true);
    const admin = await t.http.get('/api/admin/events').set(bearer(ops.token)).expect(200);
    expect(admin.body.items.find((e: { id: string }) => e.id === id)).toMatchObject({
      registered: 50,
      waitlisted: 150,
    });

    // Cancelling a seat promotes the first on the waitlist; everyone behind moves up one.
    const byNo = new Map(members.map((m) => [m.member.memberNo, m.token]));
    const leaving = byNo.get(list[10]!.memberNo)!;
    const cancelled = await t.http
      .post(`/api/mp/events/${id}/cancel`)
      .set(auth(leaving))
      .expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    const after = await rows(id);
    expect(after.find((r) => r.memberNo === list[50]!.memberNo)!.state).toBe('registered');
    const next = await signup(byNo.get(list[51]!.memberNo)!, id).expect(200);
    expect(next.body).toMatchObject({ state: 'waitlisted', position: 1 });
    // Cancelling a waitlisted place frees no seat and promotes nobody.
    await t.http
      .post(`/api/mp/events/${id}/cancel`)
      .set(auth(byNo.get(list[51]!.memberNo)!))
      .expect(200);
    expect((await rows(id)).filter((r) => r.state === 'registered')).toHaveLength(50);
    // Signing up again after cancelling joins the end of the line.
    const back = await signup(leaving, id).expect(200);
    expect(back.body).toMatchObject({ state: 'waitlisted', position: 149 });
  });

  it('never double-books one member sending the same sign-up concurrently', async () => {
    const id = await createEvent({ capacity: 5 });
    const m = await newMember();
    const answers = await Promise.all(Array.from({ length: 10 }, () => signup(m.token, id)));
    expect(answers.map((a) => a.body.state)).toEqual(Array(10).fill('registered'));
    expect(await rows(id)).toHaveLength(1);
    const list = await t.http.get('/api/mp/events').set(auth(m.token)).expect(200);
    expect(list.body.items.find((e: { id: string }) => e.id === id).seatsLeft).toBe(4);
  });
  it('finishes a sign-up that a crashed request left half-done', async () => {
    const id = await createEvent({ capacity: 5 });
    const m = await newMember();
    const { Signup } = t.container.services.events.m;
    // What a request leaves behind when it dies after writing its intent, before its seat.
    await Signup.create({
      eventId: id,
      memberId: await memberIdOf(t, m.member.memberNo),
      tierCode: 'normal',
      state: 'pending',
      seq: 0,
      secret: 'x'.repeat(24),
      signedUpAt: clock.now(),
    });
    clock.set(new Date(T0.getTime() + 60_000));
    expect((await signup(m.token, id).expect(200)).body.state).toBe('registered');
    expect((await rows(id)).map((r) => r.state)).toEqual(['registered']);
  });
});

describe('eligibility, quotas and deadlines', () => {
  it('answers 403 EVENT_TIER_NOT_ELIGIBLE to a tier that may not join, and lists eligible events first', async () => {
    const vip = await createEvent({ title: '黑卡沙龙', kind: 'salon', eligibleTiers: ['black'] });
    const open = await createEvent({ title: '会员日', kind: 'member_day' });
    const m = await newMember();
    const res = await signup(m.token, vip).expect(403);
    expect(res.body.error.code).toBe('EVENT_TIER_NOT_ELIGIBLE');
    expect(await rows(vip)).toEqual([]);
    const list = await t.http.get('/api/mp/events').set(auth(m.token)).expect(200);
    const ids = list.body.items.map((e: { id: string }) => e.id);
    expect(ids.indexOf(open)).toBeLessThan(ids.indexOf(vip));
    expect(list.body.items.find((e: { id: string }) => e.id === vip).eligible).toBe(false);
  });

  it('keeps a tier within its seat quota and promotes across the quota when a seat frees', async () => {
    const id = await createEvent({ capacity: 3, tierQuotas: [{ tierCode: 'normal', seats: 1 }] });
    const a = await newMember();
    const b = await newMember();
    expect((await signup(a.token, id).expect(200)).body.state).toBe('registered');
    expect((await signup(b.token, id).expect(200)).body).toMatchObject({
      state: 'waitlisted',
      position: 1,
    });
    await t.http.post(`/api/mp/events/${id}/cancel`).set(auth(a.token)).expect(200);
    expect((await rows(id)).map((r) => r.state)).toEqual(['cancelled', 'registered']);
  });

  it('refuses sign-ups after the deadline (409) and for cancelled events', async () => {
    const id = await createEvent();
    const m = await newMember();
    clock.set(new Date(T0.getTime() + 9 * DAY + 1));
    expect((await signup(m.token, id).expect(409)).body.error.code).toBe('EVENT_SIGNUP_CLOSED');
    clock.set(T0);
    await t.http.post(`/api/admin/events/${id}/cancel`).set(bearer(ops.token)).expect(200);
    expect((await signup(m.token, id).expect(409)).body.error.code).toBe('EVENT_NOT_OPEN');
    expect(await rows(id)).toEqual([]);
  });

  it('answers 404 for unknown events and for cancelling without a sign-up', async () => {
    const m = await newMember();
    await signup(m.token, '0123456789abcdef01234567').expect(404);
    await signup(m.token, 'not-an-id').expect(400);
    const id = await createEvent();
    const res = await t.http.post(`/api/mp/events/${id}/cancel`).set(auth(m.token)).expect(404);
    expect(res.body.error.code).toBe('EVENT_SIGNUP_NOT_FOUND');
  });
});

describe('check-in', () => {
  it('checks a registered member in once: reward and task progress once, a rescan is 409', async () => {
    await t.http
      .post('/api/admin/tasks')
      .set(bearer(ops.token))
      .send({
        code: 'attend_one',
        name: '参加一次社群活动',
        kind: 'event',
        target: 1,
        period: 'monthly',
        reward: { points: 0, growth: 0, perkCode: null },
      })
      .expect(201);
    const id = await createEvent({ capacity: 1 });
    const m = await newMember();
    const late = await newMember();
    const ticket = (await signup(m.token, id).expect(200)).body.ticket as string;
    expect((await signup(late.token, id).expect(200)).body.ticket).toBeNull();
    const upcoming = await t.container.services.events.upcomingFor(
      await memberIdOf(t, m.member.memberNo),
    );
    expect(upcoming.map((u) => u.eventId)).toEqual([id]);

    clock.set(new Date(T0.getTime() + 10 * DAY + 600_000));
    const before = await pointsOf(t, m.member.memberNo);
    const ok = await checkin(id, ticket, 200);
    expect(ok.body).toMatchObject({ memberNo: m.member.memberNo, eventId: id });
    const again = await checkin(id, ticket, 409);
    expect(again.body.error.code).toBe('CHECKIN_ALREADY');
    expect((await pointsOf(t, m.member.memberNo)) - before).toBe(100);
    const tasks = await t.http.get('/api/mp/tasks').set(auth(m.token)).expect(200);
    expect(tasks.body.items.find((i: { code: string }) => i.code === 'attend_one').state).toBe(
      'completed',
    );

    const counts = [];
    for await (const c of t.container.services.engagement.influenceCounts(T0)) counts.push(c);
    const mid = String(await memberIdOf(t, m.member.memberNo));
    expect(counts.find((c) => String(c.memberId) === mid)).toMatchObject({ attendances: 1 });
  });

  it('refuses forged tickets (401) and tickets of cancelled sign-ups (409)', async () => {
    const id = await createEvent();
    const m = await newMember();
    const ticket = (await signup(m.token, id).expect(200)).body.ticket as string;
    const [sid] = ticket.split('.');
    expect((await checkin(id, `${sid}.forged`, 401)).body.error.code).toBe('CHECKIN_TOKEN_INVALID');
    expect((await checkin(id, 'garbage', 401)).body.error.code).toBe('CHECKIN_TOKEN_INVALID');
    await t.http.post(`/api/mp/events/${id}/cancel`).set(auth(m.token)).expect(200);
    expect((await checkin(id, ticket, 409)).body.error.code).toBe('CHECKIN_NOT_REGISTERED');
    expect(await pointsOf(t, m.member.memberNo)).toBe(0);
  });

  it('lets a consultant check members in from the sidebar, once', async () => {
    const wecom = t.container.services.integrations.sandbox?.wecom;
    if (!wecom) throw new Error('the test app runs without the WeCom fake');
    wecom.control.createConsultant({ userid: 'lily', name: '莉莉', store: '上海静安店' });
    const id = await createEvent();
    const m = await newMember();
    const ticket = (await signup(m.token, id).expect(200)).body.ticket as string;
    clock.set(new Date(T0.getTime() + 10 * DAY)); // the event's start, inside its window
    const code = wecom.control.issueOAuthCode({ userid: 'lily' });
    const session = await t.http.post('/api/sidebar/session').send({ code }).expect(200);
    const scan = () =>
      t.http
        .post('/api/sidebar/events/checkins')
        .set(bearer(session.body.token))
        .send({ eventId: id, token: ticket });
    expect((await scan().expect(200)).body.memberNo).toBe(m.member.memberNo);
    expect((await scan().expect(409)).body.error.code).toBe('CHECKIN_ALREADY');
    // A member session is not a consultant session.
    await t.http
      .post('/api/sidebar/events/checkins')
      .set(auth(m.token))
      .send({ eventId: id, token: ticket })
      .expect(401);
    expect(await pointsOf(t, m.member.memberNo)).toBe(100);
  });

  it('marks registered members who never came as no-shows after the event', async () => {
    const id = await createEvent();
    const came = await newMember();
    const absent = await newMember();
    const ticket = (await signup(came.token, id).expect(200)).body.ticket;
    await signup(absent.token, id).expect(200);
    clock.set(new Date(T0.getTime() + 10 * DAY + 3_600_000));
    await checkin(id, ticket, 200);
    clock.set(new Date(T0.getTime() + 11 * DAY));
    // Every event that ended so far is finished (earlier tests' events end at the same time).
    expect(await t.container.services.events.finishEnded()).toBeGreaterThan(0);
    clock.set(T0); // the back-office session used by rows() lives in T0's time
    expect((await rows(id)).map((r) => r.state)).toEqual(['attended', 'no_show']);
    expect(await t.container.services.events.finishEnded()).toBe(0);
  });
});

describe('admin', () => {
  it('creates, edits (more seats promote the waitlist), exports CSV, all audited', async () => {
    const id = await createEvent({ capacity: 1 });
    const a = await newMember();
    const b = await newMember();
    await signup(a.token, id).expect(200);
    await signup(b.token, id).expect(200);
    await t.http
      .put(`/api/admin/events/${id}`)
      .set(bearer(ops.token))
      .send(eventBody({ capacity: 2 }))
      .expect(200);
    expect((await rows(id)).map((r) => r.state)).toEqual(['registered', 'registered']);
    const csv = await t.http
      .get(`/api/admin/events/${id}/signups.csv`)
      .set(bearer(ops.token))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('会员号');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(a.member.memberNo);
    const audit = await t.http
      .get(`/api/admin/audit-logs?targetType=event&targetId=${id}`)
      .set(bearer(ops.token))
      .expect(200);
    expect(audit.body.items.map((i: { action: string }) => i.action).sort()).toEqual([
      'event.create',
      'event.update',
    ]);
  });

  it('refuses bad events (400) and analysts (403)', async () => {
    await t.http
      .post('/api/admin/events')
      .set(bearer(ops.token))
      .send(eventBody({ endAt: T0.toISOString() }))
      .expect(400);
    await t.http
      .post('/api/admin/events')
      .set(bearer(ops.token))
      .send(eventBody({ place: null }))
      .expect(400);
    const analyst = await loginAs(t, 'analyst');
    await t.http.post('/api/admin/events').set(bearer(analyst.token)).send(eventBody()).expect(403);
  });
});
