import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { pointsOf } from './helpers/engagement';
import { loginMember } from './helpers/member';

const DAY = 86_400_000;
const HOUR = 3_600_000;
jest.setTimeout(120_000);
let t: TestApp;
let clock: ManualClock;
let ops: TestAdmin;
let n = 0;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const T0 = new Date('2026-11-23T02:00:00Z');
// Every event of this suite starts at the same instant: 10 days after T0, for 3 hours.
const START = T0.getTime() + 10 * DAY;
const END = START + 3 * HOUR;

async function createEvent(title: string, extra: Record<string, unknown> = {}) {
  const res = await t.http
    .post('/api/admin/events')
    .set(bearer(ops.token))
    .send({
      title,
      kind: 'tasting',
      startAt: new Date(START).toISOString(),
      endAt: new Date(END).toISOString(),
      place: '上海静安嘉里中心 L2',
      capacity: 50,
      signupDeadline: new Date(START - DAY).toISOString(),
      reward: { points: 100, growth: 10 },
      ...extra,
    })
    .expect(201);
  return res.body as { id: string; checkinOpensMinutesBefore: number };
}

async function ticketFor(eventId: string) {
  n += 1;
  const m = await loginMember(t, `o-checkin-${n}`);
  const res = await t.http.post(`/api/mp/events/${eventId}/signup`).set(auth(m.token)).expect(200);
  return { memberNo: m.member.memberNo, ticket: res.body.ticket as string };
}

/** Staff sessions are short-lived, so the scanner logs in at the (moved) clock's time. */
async function checkin(eventId: string, token: string, status: number) {
  const staff = await loginAs(t, 'ops');
  return t.http
    .post('/api/events/checkins')
    .set(bearer(staff.token))
    .send({ eventId, token })
    .expect(status);
}

async function signupState(eventId: string, memberNo: string) {
  clock.set(T0); // the back-office session lives in T0's time
  const res = await t.http
    .get(`/api/admin/events/${eventId}/signups`)
    .set(bearer(ops.token))
    .expect(200);
  return (res.body.items as Array<{ memberNo: string; state: string }>).find(
    (r) => r.memberNo === memberNo,
  )?.state;
}

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await startTestApp({}, { clock });
  ops = await loginAs(t, 'ops');
});
afterAll(() => t.close());
afterEach(() => clock.set(T0));

describe('check-in is for the event being checked in', () => {
  it("refuses another event's ticket (409), naming that event, and pays nothing", async () => {
    const tasting = await createEvent('冬季新品品鉴会');
    const salon = await createEvent('会员沙龙');
    const guest = await ticketFor(tasting.id);
    clock.set(new Date(START + 10 * 60_000));
    const res = await checkin(salon.id, guest.ticket, 409);
    expect(res.body.error.code).toBe('CHECKIN_WRONG_EVENT');
    expect(res.body.error.message).toContain('冬季新品品鉴会');
    expect(res.body.error.details).toMatchObject({
      field: 'token',
      ticketEventId: tasting.id,
      ticketEventTitle: '冬季新品品鉴会',
    });
    expect(await pointsOf(t, guest.memberNo)).toBe(0);
    expect(await signupState(tasting.id, guest.memberNo)).toBe('registered');
    // The same ticket at its own event is fine.
    clock.set(new Date(START + 10 * 60_000));
    await checkin(tasting.id, guest.ticket, 200);
    expect(await pointsOf(t, guest.memberNo)).toBe(100);
  });

  it('answers 404 for an unknown event and 400 naming eventId when it is missing', async () => {
    const e = await createEvent('品鉴会 A');
    const guest = await ticketFor(e.id);
    clock.set(new Date(START));
    const missing = await checkin('0123456789abcdef01234567', guest.ticket, 404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const staff = await loginAs(t, 'ops');
    const bad = await t.http
      .post('/api/events/checkins')
      .set(bearer(staff.token))
      .send({ token: guest.ticket })
      .expect(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('eventId');
    expect(await pointsOf(t, guest.memberNo)).toBe(0);
  });
});

describe('check-in window', () => {
  it('opens 2 hours before the start by default and closes at the end', async () => {
    const e = await createEvent('品鉴会 B');
    expect(e.checkinOpensMinutesBefore).toBe(120);
    const early = await ticketFor(e.id);
    const late = await ticketFor(e.id);

    clock.set(new Date(START - 2 * HOUR - 60_000));
    const tooEarly = await checkin(e.id, early.ticket, 409);
    expect(tooEarly.body.error.code).toBe('CHECKIN_OUTSIDE_WINDOW');
    // Beijing time (UTC+8) in the message: the event starts 2026-12-03 10:00 in Beijing.
    expect(tooEarly.body.error.message).toContain('12-03 08:00');
    expect(tooEarly.body.error.details).toMatchObject({
      opensAt: new Date(START - 2 * HOUR).toISOString(),
      closesAt: new Date(END).toISOString(),
    });
    expect(await signupState(e.id, early.memberNo)).toBe('registered');
    expect(await pointsOf(t, early.memberNo)).toBe(0);

    clock.set(new Date(START - 2 * HOUR));
    await checkin(e.id, early.ticket, 200);

    clock.set(new Date(END + 60_000));
    const tooLate = await checkin(e.id, late.ticket, 409);
    expect(tooLate.body.error.code).toBe('CHECKIN_OUTSIDE_WINDOW');
    expect(await signupState(e.id, late.memberNo)).toBe('registered');
    expect(await pointsOf(t, late.memberNo)).toBe(0);
    // A rescan of an attended ticket after the end still says "already checked in".
    clock.set(new Date(END + 60_000));
    expect((await checkin(e.id, early.ticket, 409)).body.error.code).toBe('CHECKIN_ALREADY');
    expect(await pointsOf(t, early.memberNo)).toBe(100);
  });

  it('takes a per-event window and refuses one out of range (400 naming the field)', async () => {
    const e = await createEvent('直播前签到', { checkinOpensMinutesBefore: 30 });
    expect(e.checkinOpensMinutesBefore).toBe(30);
    const guest = await ticketFor(e.id);
    clock.set(new Date(START - 31 * 60_000));
    await checkin(e.id, guest.ticket, 409);
    clock.set(new Date(START - 30 * 60_000));
    await checkin(e.id, guest.ticket, 200);

    clock.set(T0);
    const bad = await t.http
      .post('/api/admin/events')
      .set(bearer(ops.token))
      .send({
        title: '错误窗口',
        kind: 'tasting',
        startAt: new Date(START).toISOString(),
        endAt: new Date(END).toISOString(),
        place: '上海',
        capacity: 5,
        signupDeadline: new Date(START - DAY).toISOString(),
        checkinOpensMinutesBefore: -5,
      })
      .expect(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('checkinOpensMinutesBefore');
  });

  it('refuses check-in at a cancelled event (409) without paying', async () => {
    const e = await createEvent('取消的活动');
    const guest = await ticketFor(e.id);
    await t.http.post(`/api/admin/events/${e.id}/cancel`).set(bearer(ops.token)).expect(200);
    clock.set(new Date(START));
    expect((await checkin(e.id, guest.ticket, 409)).body.error.code).toBe('EVENT_NOT_OPEN');
    expect(await pointsOf(t, guest.memberNo)).toBe(0);
  });

  it('applies the same rules to consultants scanning from the sidebar', async () => {
    const wecom = t.container.services.integrations.sandbox?.wecom;
    if (!wecom) throw new Error('the test app runs without the WeCom fake');
    wecom.control.createConsultant({ userid: 'ck-lily', name: '莉莉', store: '上海静安店' });
    const a = await createEvent('品鉴会 C');
    const b = await createEvent('品鉴会 D');
    const guest = await ticketFor(a.id);
    clock.set(new Date(START));
    const code = wecom.control.issueOAuthCode({ userid: 'ck-lily' });
    const session = await t.http.post('/api/sidebar/session').send({ code }).expect(200);
    const scan = (eventId: string) =>
      t.http
        .post('/api/sidebar/events/checkins')
        .set(bearer(session.body.token))
        .send({ eventId, token: guest.ticket });
    expect((await scan(b.id).expect(409)).body.error.code).toBe('CHECKIN_WRONG_EVENT');
    expect((await scan(a.id).expect(200)).body.memberNo).toBe(guest.memberNo);
  });
});
