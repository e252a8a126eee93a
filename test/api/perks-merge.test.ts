import { startTestApp, type TestApp } from './helpers/app';
import { bearer, loginAs } from './helpers/admin';
import { loginMember, order, signedPost } from './helpers/member';

describe('perk instances follow OneID merges and their reversal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const ops = await loginAs(t, 'ops');
    await t.http
      .post('/api/admin/perks')
      .set(bearer(ops.token))
      .send({
        code: 'store_gift',
        name: '到店礼',
        kind: 'custom',
        tierCodes: ['normal', 'silver'],
        quota: { period: 'month', limit: 1 },
        validityDays: 30,
      })
      .expect(201);
  }, 60_000);
  afterAll(() => t.close());

  it('moves both members’ instances to the survivor, and back on reversal, without key clashes', async () => {
    const admin = await loginAs(t, 'admin');
    const { PerkInstance } = t.container.services.perks.m;
    const pos = await signedPost(
      t,
      '/api/integrations/orders',
      order({ phone: '13700003333' }, 150_000),
    ).expect(200);
    const survivor = await t.container.services.members.byMemberNo(pos.body.memberNo);
    const viaService = await t.container.services.perks.claim(survivor!._id, 'store_gift');

    const { token, member } = await loginMember(t, 'o-perk-merge');
    const loserClaim = await t.http
      .post('/api/mp/perks/store_gift/claim')
      .set(bearer(token))
      .expect(200);
    expect(loserClaim.body.memberNo).toBe(member.memberNo);

    const code = await t.http
      .post('/sandbox/weapp/phone-code')
      .send({ openid: 'o-perk-merge', phone: '13700003333' });
    await t.http
      .post('/api/mp/phone')
      .set(bearer(token))
      .send({ code: code.body.code })
      .expect(200);
    expect(await PerkInstance.countDocuments({ memberId: survivor!._id })).toBe(2);

    // The merged session now sees the survivor's perks: both codes, the quota spent.
    const merged = await t.http.get('/api/mp/perks').set(bearer(token)).expect(200);
    expect(merged.body.perks[0]).toMatchObject({
      code: 'store_gift',
      state: 'claimed',
      remaining: 0,
    });
    const again = await t.http
      .post('/api/mp/perks/store_gift/claim')
      .set(bearer(token))
      .expect(200);
    expect([viaService.redemptionCode, loserClaim.body.redemptionCode]).toContain(
      again.body.redemptionCode,
    );

    const detail = await t.http
      .get(`/api/admin/members/${pos.body.memberNo}`)
      .set(bearer(admin.token))
      .expect(200);
    await t.http
      .post(`/api/admin/merges/${detail.body.merges[0].id}/reverse`)
      .set(bearer(admin.token))
      .send({ reason: '误合并' })
      .expect(200);
    const loserBack = await PerkInstance.find({ memberId: { $ne: survivor!._id } }).lean();
    expect(loserBack.map((i) => i.redemptionCode)).toEqual([loserClaim.body.redemptionCode]);
    const kept = await PerkInstance.find({ memberId: survivor!._id }).lean();
    expect(kept.map((i) => i.redemptionCode)).toEqual([viaService.redemptionCode]);
    expect(kept[0]!.mergedFrom).toEqual([]);
  });
});
