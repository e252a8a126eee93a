import { perkMetrics } from '@circles/shared';
import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { loginMember, order, signedPost } from './helpers/member';

describe('perk metrics on a crafted set of members and claims', () => {
  let t: TestApp;
  let ops: TestAdmin;
  const member = async (openid: string, amount: number) => {
    if (amount > 0)
      await signedPost(t, '/api/integrations/orders', order({ openid }, amount)).expect(200);
    return (await loginMember(t, openid)).token;
  };
  const claimAndMaybeUse = async (token: string, code: string, use: boolean) => {
    const c = await t.http.post(`/api/mp/perks/${code}/claim`).set(bearer(token)).expect(200);
    if (use)
      await signedPost(t, '/api/integrations/perks/redeem', {
        redemptionCode: c.body.redemptionCode,
      }).expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp();
    ops = await loginAs(t, 'ops');
    const add = (code: string, tierCodes: string[]) =>
      t.http
        .post('/api/admin/perks')
        .set(bearer(ops.token))
        .send({
          code,
          name: `权益${code}`,
          kind: 'coupon',
          tierCodes,
          quota: { period: 'month', limit: 3 },
          validityDays: 30,
        })
        .expect(201);
    await add('pa', ['silver', 'gold']);
    await add('pb', ['gold']);
    const [g1, g2, g3, g4, s1, s2] = [
      await member('m-g1', 600_000),
      await member('m-g2', 600_000),
      await member('m-g3', 600_000),
      await member('m-g4', 600_000),
      await member('m-s1', 150_000),
      await member('m-s2', 150_000),
    ];
    await member('m-n1', 0);
    // gold: g1 used pa and pb, g2 claimed pa (unused) and used pb, g3 claimed pb twice, g4 nothing.
    await claimAndMaybeUse(g1!, 'pa', true);
    await claimAndMaybeUse(g1!, 'pb', true);
    await claimAndMaybeUse(g2!, 'pa', false);
    await claimAndMaybeUse(g2!, 'pb', true);
    await claimAndMaybeUse(g3!, 'pb', true);
    await claimAndMaybeUse(g3!, 'pb', false);
    // silver: s1 used pa; s2 nothing.
    await claimAndMaybeUse(s1!, 'pa', true);
    void g4;
    void s2;
  }, 60_000);
  afterAll(() => t.close());

  it('counts eligible, claiming and using members per tier and perk', async () => {
    const analyst = await loginAs(t, 'analyst');
    const res = await t.http.get('/api/admin/perk-metrics').set(bearer(analyst.token)).expect(200);
    expect(perkMetrics.strict().safeParse(res.body).success).toBe(true);
    expect(res.body.tiers).toEqual([
      { tierCode: 'normal', eligibleMembers: 1, membersUsedAny: 0, penetration: 0 },
      { tierCode: 'silver', eligibleMembers: 2, membersUsedAny: 1, penetration: 0.5 },
      { tierCode: 'gold', eligibleMembers: 4, membersUsedAny: 3, penetration: 0.75 },
      { tierCode: 'diamond', eligibleMembers: 0, membersUsedAny: 0, penetration: 0 },
      { tierCode: 'black', eligibleMembers: 0, membersUsedAny: 0, penetration: 0 },
    ]);
    expect(res.body.perks).toEqual([
      {
        perkCode: 'pa',
        perkName: '权益pa',
        tierCode: 'silver',
        eligibleMembers: 2,
        membersClaimed: 1,
        membersUsed: 1,
        usageRate: 0.5,
      },
      {
        perkCode: 'pa',
        perkName: '权益pa',
        tierCode: 'gold',
        eligibleMembers: 4,
        membersClaimed: 2,
        membersUsed: 1,
        usageRate: 0.25,
      },
      {
        perkCode: 'pb',
        perkName: '权益pb',
        tierCode: 'gold',
        eligibleMembers: 4,
        membersClaimed: 3,
        membersUsed: 3,
        usageRate: 0.75,
      },
    ]);
  });

  it('matches what PerksService.metrics() returns to other modules', async () => {
    const direct = await t.container.services.perks.metrics();
    const res = await t.http.get('/api/admin/perk-metrics').set(bearer(ops.token)).expect(200);
    expect(res.body).toEqual(direct);
  });

  it('refuses the metrics route without an admin session', async () => {
    await t.http.get('/api/admin/perk-metrics').expect(401);
  });
});
