import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer } from './helpers/admin';
import { DAY, playbookKit } from './helpers/playbooks';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

jest.setTimeout(90_000);
type MemberId = Awaited<ReturnType<ReturnType<typeof playbookKit>['member']>>['id'];

/** Signal triggers: leaving a circle, an event no-show, points about to expire. */
describe('playbooks: signal triggers', () => {
  let t: WeComTestApp;
  const clock = new ManualClock(new Date('2026-12-03T02:00:00Z'));
  let kit: ReturnType<typeof playbookKit>;
  const s = () => t.container.services;
  const runsIn = async (memberId: MemberId, id: string) =>
    (await s().playbookRuns.runsOf(memberId)).filter((r) => r.playbookId === id);

  beforeAll(async () => {
    t = await startWeComApp({ clock });
    kit = playbookKit(t, clock);
    await kit.circle('normals', { field: 'tier', op: 'eq', value: 'normal' });
  });
  afterAll(() => t.close());

  const activate = async (id: string, trigger: unknown, steps: unknown[]) => {
    const created = await kit.playbook(id, {
      definition: { name: `信号${id}`, trigger, goal: 'none', steps },
    });
    expect(created.status).toBe(201);
    expect((await kit.move(id, 'activate')).status).toBe(200);
  };

  it('enters a member who leaves the circle, once per exit, and nobody who stays', async () => {
    const leaver = await kit.member('o-sig-leaver', 'u-sig-leaver', 0);
    const stayer = await kit.member('o-sig-stayer', 'u-sig-stayer', 0);
    await kit.materialize();
    await activate('left', { type: 'circle_left', circleId: 'normals' }, [
      { type: 'grant_points', points: 30 },
    ]);
    await kit.buy(leaver.openid, 600_000); // normal → gold: out of 普通会员
    await s().queue.idle();
    await kit.materialize();
    await kit.tick();
    await kit.tick(); // the same exit read again enters nobody again
    const runs = await runsIn(leaver.id, 'left');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.episode).toMatch(/^left:\d+$/);
    expect(runs[0]!.outcome).toBe('completed');
    expect(await runsIn(stayer.id, 'left')).toEqual([]);
  });

  it('enters circle members whose next points expire within the window, with the figures', async () => {
    const soon = await kit.member('o-sig-soon', 'u-sig-soon', 0);
    const later = await kit.member('o-sig-later', 'u-sig-later', 0);
    await kit.materialize();
    const now = clock.now().getTime();
    const credit = (memberId: MemberId, points: number, days: number, key: string) =>
      s().points.credit({
        memberId,
        points,
        reason: 'grant',
        note: '测试',
        sourceType: 'test',
        sourceId: key,
        idempotencyKey: `sig:${key}`,
        expiresAt: new Date(now + days * DAY),
      });
    await credit(soon.id, 120, 5, 'soon-a');
    await credit(soon.id, 80, 5, 'soon-b'); // same lot day: counted together
    await credit(later.id, 500, 40, 'later');
    await activate('expiring', { type: 'points_expiring', circleId: 'normals', withinDays: 7 }, [
      {
        type: 'consultant_task',
        title: '积分到期提醒',
        script: ['{name}您好，您有 {points} 积分将于 {expiresAt} 到期'],
      },
    ]);
    await kit.tick();
    await kit.tick();
    const runs = await runsIn(soon.id, 'expiring');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.vars).toEqual({ points: '200', expiresAt: '2026-12-08' });
    expect(await runsIn(later.id, 'expiring')).toEqual([]);

    // 35 days on, the later member's lot is inside the window: entered on its own expiry date.
    clock.advance(35 * DAY);
    await kit.tick();
    const ofLater = await runsIn(later.id, 'expiring');
    expect(ofLater.map((r) => r.vars)).toEqual([{ points: '500', expiresAt: '2027-01-12' }]);
    expect(await runsIn(soon.id, 'expiring')).toHaveLength(1);
  });

  it('enters a seat holder who did not come once the event ends, naming the event', async () => {
    const start = clock.now().getTime() + 2 * DAY;
    const event = await t.http
      .post('/api/admin/events')
      .set(await kit.admin())
      .send({
        title: '秋冬新品品鉴会',
        kind: 'tasting',
        startAt: new Date(start).toISOString(),
        endAt: new Date(start + 3 * 3_600_000).toISOString(),
        place: '上海静安店',
        capacity: 10,
        signupDeadline: new Date(start - DAY).toISOString(),
      })
      .expect(201);
    const absent = await kit.member('o-sig-absent', 'u-sig-absent', 0);
    const outsider = await kit.member('o-sig-outsider', 'u-sig-outsider', 600_000);
    await kit.materialize();
    for (const m of [absent, outsider]) {
      await t.http.post(`/api/mp/events/${event.body.id}/signup`).set(bearer(m.token)).expect(200);
    }
    await activate('no-show', { type: 'event_no_show', circleId: 'normals' }, [
      { type: 'grant_points', points: 10 },
    ]);
    await kit.tick();
    expect(await runsIn(absent.id, 'no-show')).toEqual([]); // not ended yet

    clock.advance(3 * DAY);
    expect(await s().events.finishEnded()).toBe(2);
    await kit.tick();
    await kit.tick();
    const runs = await runsIn(absent.id, 'no-show');
    expect(runs.map((r) => [r.episode, r.vars])).toEqual([
      [`noshow:${event.body.id}`, { event: '秋冬新品品鉴会' }],
    ]);
    // The gold member is outside the guard circle.
    expect(await runsIn(outsider.id, 'no-show')).toEqual([]);
  });
});
