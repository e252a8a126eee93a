import { seedDemoBrand, seedIfEmpty } from '@circles/server/src/modules/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

describe('demo brand seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds members spread over the tiers, with encrypted phones, and only once', async () => {
    expect(await seedIfEmpty(t.container)).toBeNull(); // tests run with SEED_DEMO=off
    const s = await seedDemoBrand(t.container, { members: 400, seed: 11 });
    expect(s).toMatchObject({ seeded: true, members: 400 });
    expect(s.orders).toBeGreaterThan(200);
    expect(s.tiers.filter((x) => x.members > 0).length).toBeGreaterThanOrEqual(4);
    expect(s.top12Share).toBeGreaterThan(0.5);

    const { Member } = t.container.services.members.m;
    const withPhone = await Member.find({ phoneEnc: { $ne: null } }).lean();
    expect(withPhone.length).toBeGreaterThan(100);
    const phone = t.container.services.members.phoneOf(withPhone[0]!)!;
    expect(phone).toMatch(/^1[3-9]\d{9}$/);
    expect(withPhone[0]!.phoneEnc).not.toContain(phone);
    const byPhone = await t.container.services.members.findByIdentity({
      kind: 'phone',
      value: t.container.phoneCrypto.lookupHash(phone),
    });
    expect(String(byPhone!._id)).toBe(String(withPhone[0]!._id));
    const first = await t.container.services.members.findByIdentity({
      kind: 'openid',
      value: 'demo-openid-0',
    });
    expect(first!.nickname).not.toBe('');

    const again = await seedDemoBrand(t.container, { members: 400 });
    expect(again).toMatchObject({
      seeded: false,
      reason: expect.stringMatching(/already has data/),
    });
    expect(await Member.countDocuments()).toBe(400);
  });
});
