import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

// What a member sees of an event in the member center: seats left for their own tier, the
// tiers that may join in words, and an online event's live link only when it is theirs to open.
const DAY = 86_400_000;
const MIN = 60_000;
jest.setTimeout(120_000);
let t: TestApp;
let clock: ManualClock;
let ops: TestAdmin;
let n = 0;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const T0 = new Date('2026-11-23T02:00:00Z');
const START = new Date(T0.getTime() + 2 * DAY);

async function createEvent(extra: Record<string, unknown> = {}) {
  const res = await t.http
    .post('/api/admin/events')
    .set(bearer(ops.token))
    .send({
      title: '成分课堂直播',
      kind: 'salon',
      startAt: START.toISOString(),
      endAt: new Date(START.getTime() + 2 * 3_600_000).toISOString(),
      place: '上海静安嘉里中心 L2',
      capacity: 10,
      signupDeadline: new Date(START.getTime() - 3_600_000).toISOString(),
      ...extra,
    })
    .expect(201);
  return res.body.id as string;
}

async function newMember() {
  n += 1;
  return loginMember(t, `o-event-view-${n}`);
}

async function viewOf(token: string, id: string) {
  const res = await t.http.get('/api/mp/events').set(auth(token)).expect(200);
  const e = res.body.items.find((x: { id: string }) => x.id === id);
  if (!e) throw new Error(`event ${id} not listed`);
  return e as {
    seatsLeft: number;
    eligible: boolean;
    eligibleText: string | null;
    online: boolean;
    liveOpensAt: string | null;
    liveUrl: string | null;
  };
}

const signup = (token: string, id: string) =>
  t.http.post(`/api/mp/events/${id}/signup`).set(auth(token)).expect(200);

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await startTestApp({}, { clock });
  ops = await loginAs(t, 'ops');
});
afterAll(() => t.close());
afterEach(() => clock.set(T0));

describe('seats left', () => {
  it('counts a tier with a quota against its quota, others against the whole capacity', async () => {
    const id = await createEvent({ capacity: 10, tierQuotas: [{ tierCode: 'normal', seats: 2 }] });
    const a = await newMember();
    expect((await viewOf(a.token, id)).seatsLeft).toBe(2);
    await signup(a.token, id);
    const b = await newMember();
    expect((await viewOf(b.token, id)).seatsLeft).toBe(1);
    await signup(b.token, id);
    expect((await viewOf(b.token, id)).seatsLeft).toBe(0);
  });
});

describe('who may join', () => {
  it('names a top slice of the ladder as "X及以上" and other sets by name', async () => {
    const top = await createEvent({ eligibleTiers: ['gold', 'diamond', 'black'] });
    const some = await createEvent({ eligibleTiers: ['silver', 'black'] });
    const all = await createEvent();
    const m = await newMember();
    expect(await viewOf(m.token, top)).toMatchObject({
      eligible: false,
      eligibleText: '金卡及以上可报名',
    });
    expect((await viewOf(m.token, some)).eligibleText).toBe('仅限银卡、黑金报名');
    expect(await viewOf(m.token, all)).toMatchObject({ eligible: true, eligibleText: null });
  });
});

describe('online events', () => {
  it('shows the live link to registered members only, from 30 minutes before the start to the end', async () => {
    const id = await createEvent({
      kind: 'live',
      place: null,
      liveUrl: 'https://live.example.com/room/42',
    });
    const member = await newMember();
    const other = await newMember();
    const opensAt = new Date(START.getTime() - 30 * MIN).toISOString();
    expect(await viewOf(member.token, id)).toMatchObject({
      online: true,
      liveOpensAt: opensAt,
      liveUrl: null,
    });
    await signup(member.token, id);
    expect((await viewOf(member.token, id)).liveUrl).toBeNull();

    clock.set(new Date(START.getTime() - 31 * MIN));
    expect((await viewOf(member.token, id)).liveUrl).toBeNull();
    clock.set(new Date(START.getTime() - 30 * MIN));
    expect((await viewOf(member.token, id)).liveUrl).toBe('https://live.example.com/room/42');
    expect((await viewOf(other.token, id)).liveUrl).toBeNull();
    clock.set(new Date(START.getTime() + 2 * 3_600_000 - MIN));
    expect((await viewOf(member.token, id)).liveUrl).toBe('https://live.example.com/room/42');
    clock.set(new Date(START.getTime() + 2 * 3_600_000));
    const after = await t.http.get('/api/mp/events').set(auth(member.token)).expect(200);
    expect(after.body.items.map((e: { id: string }) => e.id)).not.toContain(id);
  });

  it('marks venue events as not online, with no live link', async () => {
    const id = await createEvent();
    const m = await newMember();
    await signup(m.token, id);
    expect(await viewOf(m.token, id)).toMatchObject({
      online: false,
      liveOpensAt: null,
      liveUrl: null,
    });
  });
});
