import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { loginMember, order, signedPost } from './helpers/member';

const HOUR = 3_600_000;

describe('perks over time: quota periods in China time, validity and birthday gifts', () => {
  // 23:00 Beijing time on 31 January 2026.
  const clock = new ManualClock(new Date('2026-01-31T15:00:00Z'));
  let t: TestApp;
  let ops: TestAdmin;

  const goldMember = async (openid: string, birthday?: string) => {
    await signedPost(
      t,
      '/api/integrations/orders',
      order({ openid }, 600_000, { paidAt: clock.now().toISOString() }),
    ).expect(200);
    const { token } = await loginMember(t, openid);
    if (birthday)
      await t.http.patch('/api/mp/me').set(bearer(token)).send({ birthday }).expect(200);
    return token;
  };
  const claim = (token: string, code: string) =>
    t.http.post(`/api/mp/perks/${code}/claim`).set(bearer(token));
  const redeem = (redemptionCode: string) =>
    signedPost(t, '/api/integrations/perks/redeem', { redemptionCode });

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    ops = await loginAs(t, 'ops');
    const add = (body: Record<string, unknown>) =>
      t.http.post('/api/admin/perks').set(bearer(ops.token)).send(body).expect(201);
    await add({
      code: 'ship_twice',
      name: '每月两次包邮',
      kind: 'free_shipping',
      tierCodes: ['gold'],
      quota: { period: 'month', limit: 2 },
      validityDays: 3,
    });
    await add({
      code: 'once_ever',
      name: '新品预览',
      kind: 'new_product_preview',
      tierCodes: ['gold'],
      quota: { period: 'lifetime', limit: 1 },
      validityDays: 10,
    });
    await add({
      code: 'bday',
      name: '生日礼',
      kind: 'birthday_gift',
      tierCodes: ['gold', 'diamond'],
      quota: { period: 'year', limit: 1 },
      validityDays: 31,
    });
  }, 60_000);
  afterAll(() => t.close());

  it('counts a monthly quota per Beijing-time month: spent at 23:00 on 31 Jan, renewed at 00:00 on 1 Feb', async () => {
    clock.set(new Date('2026-01-31T15:00:00Z'));
    const token = await goldMember('q-month');
    const a = await claim(token, 'ship_twice').expect(200);
    await redeem(a.body.redemptionCode).expect(200);
    const b = await claim(token, 'ship_twice').expect(200);
    expect(b.body.redemptionCode).not.toBe(a.body.redemptionCode);
    await redeem(b.body.redemptionCode).expect(200);
    const spent = await claim(token, 'ship_twice').expect(409);
    expect(spent.body.error.code).toBe('PERK_QUOTA_EXCEEDED');

    clock.advance(HOUR - 1000); // 23:59:59 Beijing time, still January
    await claim(token, 'ship_twice').expect(409);
    clock.advance(1000); // 00:00 on 1 February
    const c = await claim(token, 'ship_twice').expect(200);
    expect(c.body.claimedAt).toBe('2026-01-31T16:00:00.000Z');
    const list = await t.http.get('/api/mp/perks').set(bearer(token)).expect(200);
    expect(list.body.perks.find((p: { code: string }) => p.code === 'ship_twice')).toMatchObject({
      state: 'claimed',
      remaining: 1,
    });
  });

  it('keeps a lifetime quota across years and expires unused instances after their validity', async () => {
    clock.set(new Date('2026-03-01T02:00:00Z'));
    const token = await goldMember('q-life');
    const first = await claim(token, 'once_ever').expect(200);
    expect(first.body.expiresAt).toBe('2026-03-11T02:00:00.000Z');
    clock.set(new Date('2026-03-11T02:00:00Z'));
    const late = await redeem(first.body.redemptionCode).expect(409);
    expect(late.body.error.code).toBe('PERK_EXPIRED');
    const list = await t.http.get('/api/mp/perks').set(bearer(token)).expect(200);
    expect(list.body.perks.find((p: { code: string }) => p.code === 'once_ever').state).toBe(
      'exhausted',
    );
    clock.set(new Date('2027-01-15T00:00:00Z'));
    const later = (await loginMember(t, 'q-life')).token; // the old session has expired
    const again = await claim(later, 'once_ever').expect(409);
    expect(again.body.error.code).toBe('PERK_QUOTA_EXCEEDED');
  });

  it('issues birthday gifts in the birthday month once per member and year, however often the job runs', async () => {
    clock.set(new Date('2026-05-02T01:00:00Z'));
    const may = await goldMember('b-may', '1990-05-20');
    const june = await goldMember('b-june', '1991-06-02');
    await signedPost(
      t,
      '/api/integrations/orders',
      order({ openid: 'b-silver' }, 150_000, {
        paidAt: clock.now().toISOString(),
      }),
    ).expect(200);
    const silver = (await loginMember(t, 'b-silver')).token;
    await t.http
      .patch('/api/mp/me')
      .set(bearer(silver))
      .send({ birthday: '1992-05-09' })
      .expect(200);

    const job = t.container.services.perkBirthdayJob;
    const { PerkInstance } = t.container.services.perks.m;
    const before = await PerkInstance.countDocuments({ perkCode: 'bday' });
    const run1 = await job.run();
    expect(run1).toMatchObject({ ran: true, issued: 1 });
    clock.advance(24 * HOUR);
    const run2 = await job.run(); // the next day: a full scan again
    const run3 = await job.run({ force: true }); // same day, forced
    expect([run2, run3].map((r) => [r.ran, r.issued])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    expect(await job.run()).toMatchObject({ ran: false }); // done for today
    expect(await PerkInstance.countDocuments({ perkCode: 'bday' })).toBe(before + 1);

    const mine = await t.http.get('/api/mp/perks').set(bearer(may)).expect(200);
    const gift = mine.body.perks.find((p: { code: string }) => p.code === 'bday');
    expect(gift).toMatchObject({ state: 'claimed', quotaText: '生日当月自动发放' });
    expect(gift.instance.redemptionCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    const notYet = await t.http.get('/api/mp/perks').set(bearer(june)).expect(200);
    expect(notYet.body.perks.find((p: { code: string }) => p.code === 'bday').state).toBe('auto');
    const locked = await t.http.get('/api/mp/perks').set(bearer(silver)).expect(200);
    expect(locked.body.perks.find((p: { code: string }) => p.code === 'bday').state).toBe('locked');
    const manual = await claim(may, 'bday').expect(409);
    expect(manual.body.error.code).toBe('PERK_NOT_CLAIMABLE');

    // June: the June member gets theirs; May's gift is not issued again.
    clock.set(new Date('2026-06-01T00:00:00Z'));
    expect(await job.run()).toMatchObject({ issued: 1 });
    // Next May: a new year, a new gift.
    clock.set(new Date('2027-05-03T00:00:00Z'));
    expect(await job.run()).toMatchObject({ issued: 1 });
    expect(await job.run({ force: true })).toMatchObject({ ran: true, issued: 0 });
    expect(await PerkInstance.countDocuments({ perkCode: 'bday', sourceId: '2027' })).toBe(1);
  });

  it('resumes a killed birthday run from its checkpoint and ignores a checkpoint from another month', async () => {
    clock.set(new Date('2026-08-05T00:00:00Z'));
    const tokens = [];
    for (const id of ['k1', 'k2', 'k3']) tokens.push(await goldMember(`aug-${id}`, '1988-08-15'));
    const leases = t.container.conn.collection<{ _id: string }>('job_leases');
    const { Member } = t.container.services.members.m;
    const augs = await Member.find({ birthday: '1988-08-15' }).sort({ _id: 1 }).lean();
    // A run that died after the first member: expired lease, cursor after member 1.
    await leases.updateOne(
      { _id: 'perks.birthday' },
      { $set: { holder: 'dead', until: new Date(0), cursor: `2026-08|${augs[0]!._id}` } },
      { upsert: true },
    );
    expect(await t.container.services.perkBirthdayJob.run()).toMatchObject({
      eligible: 2,
      issued: 2,
    });
    // A stale checkpoint from July must not skip anyone in August.
    await leases.updateOne(
      { _id: 'perks.birthday' },
      { $set: { until: new Date(0), cursor: `2026-07|${augs[2]!._id}` } },
    );
    expect(await t.container.services.perkBirthdayJob.run()).toMatchObject({
      eligible: 3,
      issued: 1,
    });
  });
});
