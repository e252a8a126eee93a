import { ManualClock } from '@circles/server/src/lib/clock';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

jest.setTimeout(60_000);

/**
 * Circles end to end on a small crafted brand: rule validation, preview against the
 * materialised membership, entries and exits across reruns (also after a killed run), and
 * circle targeting for perks, tasks and events.
 */
describe('circles', () => {
  let t: TestApp;
  let ops: TestAdmin;
  let analyst: TestAdmin;
  const clock = new ManualClock(new Date('2026-12-03T04:00:00Z'));
  const members: Record<string, { token: string; memberNo: string }> = {};
  const admin = (who: TestAdmin = ops) => bearer(who.token);
  const goldRule = { field: 'tier', op: 'eq', value: 'gold' };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    [ops, analyst] = [await loginAs(t, 'ops'), await loginAs(t, 'analyst')];
    // gold (¥6000), silver (¥1500) and two normal members.
    for (const [openid, fen] of [
      ['c-gold', 600_000],
      ['c-silver', 150_000],
      ['c-normal-1', 1_000],
      ['c-normal-2', 0],
    ] as const) {
      const m = await loginMember(t, openid);
      if (fen) {
        await signedPost(t, '/api/integrations/orders', order({ openid }, fen)).expect(200);
      }
      members[openid] = { token: m.token, memberNo: m.member.memberNo };
    }
  });
  afterAll(() => t.close());

  const create = (id: string, rule: unknown, extra: Record<string, unknown> = {}) =>
    t.http
      .post('/api/admin/circles')
      .set(admin())
      .send({ id, name: `圈层${id}`, status: 'active', rule, ...extra });
  const materialize = () => t.container.services.circleMaterializer.run();
  /** Every recorded change of a circle, one `memberId:kind` per entry or exit (packed ids). */
  const recorded = async (circleId: string) => {
    const Change = t.container.conn.models.CircleChange!;
    const rows = await Change.find({ circleId }).sort({ at: 1, chunk: 1 }).lean();
    return rows.flatMap((r) => {
      const bytes = Buffer.from(Buffer.isBuffer(r.ids) ? r.ids : r.ids.buffer);
      expect(bytes.length).toBe(12 * r.n);
      return Array.from({ length: r.n }, (_, j) => {
        const id = bytes.subarray(12 * j, 12 * (j + 1)).toString('hex');
        return `${id}:${r.kind}`;
      });
    });
  };
  const memberIdOf = async (openid: string) =>
    (await t.container.services.members.byMemberNo(members[openid]!.memberNo))!._id;
  const membersOf = async (id: string) =>
    (await t.http.get(`/api/admin/circles/${id}/members`).set(admin()).expect(200)).body.items
      .map((r: { memberNo: string }) => r.memberNo)
      .sort();

  describe('rule validation', () => {
    it.each([
      [{ field: 'nope', op: 'eq', value: 1 }, 'body.rule.field'],
      [
        { all: [goldRule, { any: [{ field: 'tier', op: 'gt', value: 'gold' }] }] },
        'body.rule.all.1.any.0.op',
      ],
      [{ all: [{ field: 'recencyDays', op: 'gte', value: 'thirty' }] }, 'body.rule.all.0.value'],
      [{ field: 'spendFen', op: 'gte', value: 1000 }, 'body.rule.days'],
      [{ field: 'interest', op: 'gte', value: 3, days: 30 }, 'body.rule.topic'],
      [{ not: { field: 'frequency', op: 'between', value: [5, 1] } }, 'body.rule.not.value'],
    ])('refuses %j naming %s, and stores nothing', async (rule, path) => {
      const res = await create('bad-rule', rule).expect(400);
      const fields = res.body.error.details.fields.map((f: { path: string }) => f.path);
      expect(fields).toContain(path);
      await t.http.get('/api/admin/circles/bad-rule').set(admin()).expect(404);
    });

    it('lets analysts read and preview but not write', async () => {
      await create('by-analyst', goldRule).set(admin(analyst)).expect(403);
      await t.http
        .post('/api/admin/circles/preview')
        .set(admin(analyst))
        .send({ rule: goldRule })
        .expect(200);
    });
  });

  describe('materialisation', () => {
    it('matches the preview and records each entry and exit once', async () => {
      await create('gold-only', goldRule).expect(201);
      await create('paying', { field: 'tier', op: 'in', value: ['gold', 'silver'] }).expect(201);
      const preview = await t.http
        .post('/api/admin/circles/preview')
        .set(admin())
        .send({ rule: { field: 'tier', op: 'in', value: ['gold', 'silver'] } })
        .expect(200);
      expect(preview.body).toMatchObject({ count: 2, population: 4, share: 0.5 });
      await materialize();
      expect(await membersOf('paying')).toEqual(
        [members['c-gold']!.memberNo, members['c-silver']!.memberNo].sort(),
      );
      const list = await t.http.get('/api/admin/circles').set(admin()).expect(200);
      expect(list.body.items.find((c: { id: string }) => c.id === 'paying').memberCount).toBe(
        preview.body.count,
      );
      // A rerun with nothing changed records nothing.
      const Change = t.container.conn.models.CircleChange!;
      const before = await Change.countDocuments({});
      await materialize();
      expect(await Change.countDocuments({})).toBe(before);

      // The silver member leaves `paying` when the rule narrows; the exit is recorded once.
      await t.http
        .put('/api/admin/circles/paying')
        .set(admin())
        .send({ rule: goldRule })
        .expect(200);
      await materialize();
      await materialize();
      const silverId = await memberIdOf('c-silver');
      const changes = await t.container.services.circleReports.changesOf(silverId, 'paying');
      expect(changes.map((c) => c.kind)).toEqual(['enter', 'exit']);
      const silver = (await recorded('paying')).filter((r) => r.startsWith(String(silverId)));
      expect(silver).toEqual([`${silverId}:enter`, `${silverId}:exit`]);
      expect(await recorded('paying')).toHaveLength(3);
      const trend = await t.http.get('/api/admin/circles/paying/trend').set(admin()).expect(200);
      expect(trend.body).toMatchObject({ entries30d: 2, exits30d: 1 });
    });

    it('records every change once when a run is killed midway and run again', async () => {
      await create('normals', { field: 'tier', op: 'eq', value: 'normal' }).expect(201);
      const job = t.container.services.circleMaterializer;
      job.changeChunk = 1; // the two entries in two record documents
      job.faults.afterChanges = async (id) => {
        if (id === 'normals') throw new Error('simulated kill');
      };
      await expect(materialize()).rejects.toThrow('simulated kill');
      job.faults.afterChanges = undefined;
      await materialize();
      await materialize();
      job.changeChunk = 100_000;
      expect(
        await t.container.conn.models.CircleChange!.countDocuments({ circleId: 'normals' }),
      ).toBe(2);
      const rows = await recorded('normals');
      expect(rows).toHaveLength(2);
      expect(new Set(rows).size).toBe(2);
      expect(await membersOf('normals')).toEqual(
        [members['c-normal-1']!.memberNo, members['c-normal-2']!.memberNo].sort(),
      );
    });

    it('starts a circle over when a run is killed while its records are written', async () => {
      await create('flip', goldRule).expect(201);
      await materialize();
      await t.http
        .put('/api/admin/circles/flip')
        .set(admin())
        .send({ rule: { field: 'tier', op: 'eq', value: 'silver' } })
        .expect(200);
      const job = t.container.services.circleMaterializer;
      job.changeChunk = 1; // one id per record document: the kill lands between two of them
      job.faults.afterChunk = async (id, chunk) => {
        if (id === 'flip' && chunk === 0) throw new Error('simulated kill');
      };
      await expect(materialize()).rejects.toThrow('simulated kill');
      job.faults.afterChunk = undefined;
      // The kill came after the entries' chunk and before the exits': nothing applied yet.
      expect(await membersOf('flip')).toEqual([members['c-gold']!.memberNo]);
      await materialize();
      await materialize();
      job.changeChunk = 100_000;
      const [gold, silver] = [await memberIdOf('c-gold'), await memberIdOf('c-silver')];
      expect((await recorded('flip')).sort()).toEqual(
        [`${gold}:enter`, `${gold}:exit`, `${silver}:enter`].sort(),
      );
      expect(await membersOf('flip')).toEqual([members['c-silver']!.memberNo]);
      const detail = await t.http
        .get(`/api/admin/members/${members['c-silver']!.memberNo}`)
        .set(admin())
        .expect(200);
      expect(detail.body.circles.map((c: { id: string }) => c.id)).toContain('flip');
      const trend = await t.http.get('/api/admin/circles/flip/trend').set(admin()).expect(200);
      expect(trend.body).toMatchObject({ entries30d: 2, exits30d: 1 });
    });
  });

  describe('member lists', () => {
    it('pages and exports a circle, newest entries first, from the packed memberships', async () => {
      await create('listed', { field: 'tier', op: 'eq', value: 'normal' }).expect(201);
      await materialize();
      const page = (n: number) =>
        t.http.get(`/api/admin/circles/listed/members?page=${n}&pageSize=1`).set(admin());
      const [one, two] = [(await page(1).expect(200)).body, (await page(2).expect(200)).body];
      expect(one.total).toBe(2);
      expect([one.items[0].memberNo, two.items[0].memberNo].sort()).toEqual(
        [members['c-normal-1']!.memberNo, members['c-normal-2']!.memberNo].sort(),
      );
      expect(one.items[0].since).toBe(clock.now().toISOString());
      const csv = await t.http
        .get('/api/admin/circles/listed/members.csv')
        .set(admin())
        .expect(200);
      const lines = csv.text.trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]!.startsWith(`${one.items[0].memberNo},`)).toBe(true);
    });
  });

  describe('targeting', () => {
    const mp = (openid: string) => bearer(members[openid]!.token);

    beforeAll(async () => {
      await create('gold-club', goldRule).expect(201);
      await materialize();
    });

    it('shows and lets only circle members claim a circle perk', async () => {
      await t.http
        .post('/api/admin/perks')
        .set(admin())
        .send({
          code: 'circle_gift',
          name: '圈层专属礼',
          kind: 'custom',
          tierCodes: [],
          circleIds: ['gold-club'],
          quota: { period: 'month', limit: 1 },
          validityDays: 30,
        })
        .expect(201);
      const inside = await t.http.get('/api/mp/perks').set(mp('c-gold')).expect(200);
      expect(inside.body.perks.map((p: { code: string }) => p.code)).toContain('circle_gift');
      const outside = await t.http.get('/api/mp/perks').set(mp('c-silver')).expect(200);
      expect(outside.body.perks.map((p: { code: string }) => p.code)).not.toContain('circle_gift');
      await t.http.post('/api/mp/perks/circle_gift/claim').set(mp('c-gold')).expect(200);
      const refused = await t.http.post('/api/mp/perks/circle_gift/claim').set(mp('c-silver'));
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('PERK_CIRCLE_LOCKED');
    });

    it('refuses an unknown circle in a perk with the field named', async () => {
      const res = await t.http
        .post('/api/admin/perks')
        .set(admin())
        .send({
          code: 'bad_circle_gift',
          name: '错误',
          kind: 'custom',
          tierCodes: [],
          circleIds: ['nope-circle'],
          quota: { period: 'month', limit: 1 },
          validityDays: 30,
        })
        .expect(400);
      expect(res.body.error.details.fields[0].path).toBe('body.circleIds.0');
    });

    it('lists a circle task for circle members only', async () => {
      await t.http
        .post('/api/admin/tasks')
        .set(admin())
        .send({
          code: 'circle_signin',
          name: '圈层签到',
          kind: 'signin',
          target: 1,
          period: 'daily',
          circleIds: ['gold-club'],
          reward: { points: 5 },
        })
        .expect(201);
      const codes = async (openid: string) =>
        (await t.http.get('/api/mp/tasks').set(mp(openid)).expect(200)).body.items.map(
          (x: { code: string }) => x.code,
        );
      expect(await codes('c-gold')).toContain('circle_signin');
      expect(await codes('c-silver')).not.toContain('circle_signin');
    });

    it('lets only circle members sign up for a circle event', async () => {
      const start = new Date(clock.now().getTime() + 7 * 86_400_000);
      const created = await t.http
        .post('/api/admin/events')
        .set(admin())
        .send({
          title: '圈层私享会',
          kind: 'salon',
          description: '',
          startAt: start,
          endAt: new Date(start.getTime() + 3_600_000),
          place: '上海',
          capacity: 10,
          circleIds: ['gold-club'],
          signupDeadline: new Date(start.getTime() - 86_400_000),
        })
        .expect(201);
      const id = created.body.id as string;
      const listed = async (openid: string) =>
        (await t.http.get('/api/mp/events').set(mp(openid)).expect(200)).body.items.map(
          (e: { id: string }) => e.id,
        );
      expect(await listed('c-gold')).toContain(id);
      expect(await listed('c-silver')).not.toContain(id);
      await t.http.post(`/api/mp/events/${id}/signup`).set(mp('c-gold')).expect(200);
      const refused = await t.http.post(`/api/mp/events/${id}/signup`).set(mp('c-silver'));
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('EVENT_CIRCLE_LOCKED');
    });
  });
});
