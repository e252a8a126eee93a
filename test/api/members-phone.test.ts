import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

// Binding a phone: only an 11-digit mainland mobile number is stored; anything else WeChat (or
// the sandbox) hands back is refused with a 400 naming `phone` and leaves the member untouched.
describe('members: binding a phone number', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function phoneCode(openid: string, phone: string, countryCode?: string): Promise<string> {
    const res = await t.http
      .post('/sandbox/weapp/phone-code')
      .send({ openid, phone, ...(countryCode ? { countryCode } : {}) })
      .expect(200);
    return res.body.code as string;
  }

  /** What the database holds for the member's phone: the member fields and identity rows. */
  async function storedPhone(memberNo: string) {
    const { m } = t.container.services.members;
    const member = await m.Member.findOne({ memberNo }).lean();
    const identities = await m.Identity.find({ memberId: member?._id, kind: 'phone' }).lean();
    return {
      phoneHash: member?.phoneHash ?? null,
      phoneEnc: member?.phoneEnc ?? null,
      identities: identities.length,
    };
  }

  it.each([
    ['five digits', '12345', undefined],
    ['11 digits not starting with 1', '23800138000', undefined],
    ['11 digits starting with 12', '12800138000', undefined],
    ['a foreign number', '2025550123', '1'],
  ])(
    'refuses %s with 400 VALIDATION_FAILED on `phone` and stores nothing',
    async (_what, phone, cc) => {
      const openid = `o-phone-${phone}`;
      const { token, member } = await loginMember(t, openid);
      const code = await phoneCode(openid, phone, cc);
      const res = await t.http.post('/api/mp/phone').set(auth(token)).send({ code }).expect(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: 'phone' }] },
      });
      // Personal data stays out of the answer (and so out of the logs that record it).
      expect(JSON.stringify(res.body)).not.toContain(phone);
      expect(await storedPhone(member.memberNo)).toEqual({
        phoneHash: null,
        phoneEnc: null,
        identities: 0,
      });
      const me = await t.http.get('/api/mp/me').set(auth(token)).expect(200);
      expect(me.body.phoneBound).toBe(false);
    },
  );

  it('binds a mainland mobile number after a refused one', async () => {
    const openid = 'o-phone-retry';
    const { token, member } = await loginMember(t, openid);
    const bad = await phoneCode(openid, '12345');
    await t.http.post('/api/mp/phone').set(auth(token)).send({ code: bad }).expect(400);

    const good = await phoneCode(openid, '13800138000');
    const res = await t.http
      .post('/api/mp/phone')
      .set(auth(token))
      .send({ code: good })
      .expect(200);
    expect(res.body.member).toMatchObject({ memberNo: member.memberNo, phoneBound: true });
    const stored = await storedPhone(member.memberNo);
    expect(stored.identities).toBe(1);
    expect(stored.phoneHash).toEqual(expect.any(String));
    const me = await t.http.get('/api/mp/me').set(auth(token)).expect(200);
    expect(me.body.phoneBound).toBe(true);
  });
});
