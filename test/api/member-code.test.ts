import { ManualClock } from '@circles/server/src/lib/clock';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

// 会员码 at the till: the member center issues a code, a POS resolves it once, then earns
// points and charges the wallet by the member number it learned.
jest.setTimeout(60_000);
const T0 = new Date('2026-12-01T04:00:00Z');
let t: TestApp;
let clock: ManualClock;
let n = 0;

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await startTestApp({}, { clock });
});
afterAll(() => t.close());
afterEach(() => clock.set(T0));

async function memberWithCode() {
  n += 1;
  const m = await loginMember(t, `o-member-code-${n}`);
  const res = await t.http
    .post('/api/mp/member-code')
    .set('Authorization', `Bearer ${m.token}`)
    .expect(200);
  return { ...m, code: res.body.code as string, issued: res.body };
}

const resolve = (code: string, storeCode = 'SH001') =>
  signedPost(t, '/api/integrations/member-code/resolve', { code, storeCode });

describe('issuing', () => {
  it('gives a signed-in member a fresh 20-digit code each time, valid for two refreshes', async () => {
    const m = await memberWithCode();
    expect(m.code).toMatch(/^\d{20}$/);
    expect(m.issued).toEqual({
      code: m.code,
      expiresAt: new Date(T0.getTime() + 120_000).toISOString(),
      refreshAfterSeconds: 60,
    });
    const again = await t.http
      .post('/api/mp/member-code')
      .set('Authorization', `Bearer ${m.token}`)
      .expect(200);
    expect(again.body.code).not.toBe(m.code);
  });

  it('refuses callers that are not signed in', async () => {
    await t.http.post('/api/mp/member-code').expect(401);
  });
});

describe('the till', () => {
  it('identifies the member, then earns points and pays from the wallet by member number', async () => {
    const m = await memberWithCode();
    const id = (await t.container.services.members.byMemberNo(m.member.memberNo))!._id;
    await t.container.services.wallet.topUp({
      memberId: id,
      principal: 50_000,
      bonus: 5_000,
      sourceType: 'test',
      sourceId: `code-${n}`,
      idempotencyKey: `test-code-topup:${n}`,
    });
    const who = await resolve(m.code).expect(200);
    expect(who.body).toEqual({
      memberNo: m.member.memberNo,
      nickname: null,
      tier: { code: 'normal', name: '普通会员' },
      points: { balance: 0 },
      wallet: { balance: 55_000, principal: 50_000, bonus: 5_000 },
      resolvedAt: T0.toISOString(),
    });
    const memberRef = { memberNo: who.body.memberNo };
    await signedPost(t, '/api/integrations/orders', {
      ...order(memberRef, 22_000),
      paidAt: T0.toISOString(),
    }).expect(200);
    const paid = await signedPost(t, '/api/integrations/wallet/charges', {
      chargeNo: `C-CODE-${n}`,
      member: memberRef,
      amount: 22_000,
      storeCode: 'SH001',
    }).expect(200);
    expect(paid.body.wallet).toEqual({ balance: 33_000, principal: 30_000, bonus: 3_000 });
    const { balance } = await t.container.services.points.balance(id);
    expect(balance).toBeGreaterThan(0);
  });

  it('uses a code once: the same till may ask again, another till is refused', async () => {
    const m = await memberWithCode();
    const first = await resolve(m.code, 'SH001').expect(200);
    clock.set(new Date(T0.getTime() + 30_000));
    expect((await resolve(m.code, 'SH001').expect(200)).body).toEqual(first.body);
    const other = await resolve(m.code, 'BJ002').expect(409);
    expect(other.body.error.code).toBe('MEMBER_CODE_USED');
  });

  it('lets exactly one of many tills scanning the same code at once have it', async () => {
    const m = await memberWithCode();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => resolve(m.code, `ST${String(i).padStart(3, '0')}`)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(7);
    expect(refused.every((a) => a.body.error.code === 'MEMBER_CODE_USED')).toBe(true);
  });

  it('refuses an expired code, a forged one and a malformed one, naming the field', async () => {
    const m = await memberWithCode();
    const lastDigit = Number(m.code.at(-1));
    const forged = `${m.code.slice(0, 19)}${(lastDigit + 1) % 10}`;
    const bad = await resolve(forged).expect(404);
    expect(bad.body.error).toMatchObject({
      code: 'MEMBER_CODE_INVALID',
      details: { fields: [{ path: 'body.code' }] },
    });
    const short = await resolve('12345').expect(400);
    expect(short.body.error.details.fields[0].path).toBe('body.code');

    clock.set(new Date(T0.getTime() + 120_000));
    const late = await resolve(m.code).expect(409);
    expect(late.body.error.code).toBe('MEMBER_CODE_EXPIRED');
    // The refusals used nothing: a new code still works at once.
    clock.set(T0);
    const fresh = await memberWithCode();
    await resolve(fresh.code).expect(200);
  });

  it('answers only signed POS calls', async () => {
    const m = await memberWithCode();
    await t.http.post('/api/integrations/member-code/resolve').send({ code: m.code }).expect(401);
    await resolve(m.code).expect(200);
  });
});
