import { startTestApp, type TestApp } from './helpers/app';
import { loginMember } from './helpers/member';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('referral binding under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function inviterCode(openid: string) {
    const m = await loginMember(t, openid);
    const view = await t.http.get('/api/mp/referral').set(auth(m.token)).expect(200);
    return view.body.code as string;
  }

  const bind = (token: string, code: string) =>
    t.http.post('/api/mp/referral/bind').set(auth(token)).send({ code });

  it('answers 20 concurrent identical binds the same way, with one binding', async () => {
    const code = await inviterCode('o-conc-inviter');
    const friend = await loginMember(t, 'o-conc-friend', undefined, code);
    const answers = await Promise.all(Array.from({ length: 20 }, () => bind(friend.token, code)));
    const shapes = answers.map((r) => JSON.stringify([r.status, r.body]));
    expect(new Set(shapes).size).toBe(1);
    expect(answers[0]!.status).toBe(200);
    const { referral, members } = t.container.services;
    const invitee = (await members.byMemberNo(friend.member.memberNo))!;
    expect(await referral.m.Referral.countDocuments({ inviteeId: invitee._id })).toBe(1);
    const counts = await referral.m.MonthCount.find({}).lean();
    expect(counts.map((c) => c.n)).toEqual([1]);
  });

  it('keeps answering the same when the inviter had one slot left this month', async () => {
    const { referral } = t.container.services;
    await referral.putSettings({ ...(await referral.settings()), monthlyCap: 2 });
    const code = await inviterCode('o-conc-inviter-2');
    const first = await loginMember(t, 'o-conc-first', undefined, code);
    await bind(first.token, code).expect(200);
    const friend = await loginMember(t, 'o-conc-last', undefined, code);
    const answers = await Promise.all(Array.from({ length: 20 }, () => bind(friend.token, code)));
    expect(answers.map((r) => r.body.error?.code ?? r.status)).toEqual(Array(20).fill(200));
    // A third friend is over the cap.
    const late = await loginMember(t, 'o-conc-late', undefined, code);
    expect((await bind(late.token, code)).body.error.code).toBe('REFERRAL_CAP_REACHED');
  });
});
