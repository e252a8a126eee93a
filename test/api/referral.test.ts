import { ManualClock } from '@circles/server/src/lib/clock';
import { seedDemoEngagement } from '@circles/server/src/modules/engagement/engagement.seed';
import { bearer, loginAs, type TestAdmin } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { memberIdOf, pointsOf } from './helpers/engagement';
import { loginMember, order, signedPost } from './helpers/member';

const DAY = 86_400_000;
jest.setTimeout(30_000);
let t: TestApp;
let clock: ManualClock;
let ops: TestAdmin;
let n = 0;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function inviter() {
  n += 1;
  const m = await loginMember(t, `o-inviter-${n}`);
  const view = await t.http.get('/api/mp/referral').set(auth(m.token)).expect(200);
  return { ...m, code: view.body.code as string };
}

/** A brand-new member arriving through an invite (scene = code). */
async function arrive(code: string, unionid?: string) {
  n += 1;
  return loginMember(t, `o-friend-${n}`, unionid, code);
}

const bind = (token: string, code?: string) =>
  t.http
    .post('/api/mp/referral/bind')
    .set(auth(token))
    .send(code ? { code } : {});

async function rejected(res: Promise<{ status: number; body: { error: { code: string } } }>) {
  const r = await res;
  return [r.status, r.body.error?.code];
}

const paid = (memberNo: string, amount: number) =>
  order({ memberNo }, amount, { paidAt: clock.now().toISOString() });

const runJob = () => t.container.services.referralJob.run();

async function stateOf(inviterToken: string) {
  const view = await t.http.get('/api/mp/referral').set(auth(inviterToken)).expect(200);
  return view.body.invitees.map((i: { state: string; voidReason: string | null }) =>
    i.voidReason ? `${i.state}:${i.voidReason}` : i.state,
  );
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));
  t = await startTestApp({}, { clock });
  ops = await loginAs(t, 'ops');
});
afterAll(() => t.close());

describe('invite code and wxacode', () => {
  it('gives each member one stable code, a share card and the wxacode image for it', async () => {
    const a = await inviter();
    expect(a.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const again = await t.http.get('/api/mp/referral').set(auth(a.token)).expect(200);
    expect(again.body.code).toBe(a.code);
    // Share paths start with '/' (onShareAppMessage); getwxacodeunlimit answers a JPEG.
    expect(again.body.shareCard.path).toBe(`/pages/index/index?scene=${a.code}`);
    expect(again.body.qrCode).toMatch(/^data:image\/jpeg;base64,/);
    const jpeg = Buffer.from(again.body.qrCode.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    expect(jpeg.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(again.body.invitees).toEqual([]);
  });

  it('still opens the invite page when WeChat cannot make the code, and tries again later', async () => {
    const weapp = t.container.services.integrations.weapp;
    const spy = jest
      .spyOn(weapp, 'getUnlimitedQrCode')
      .mockRejectedValueOnce(new Error('errcode 45009: reach max api daily quota limit'));
    const { token } = await loginMember(t, 'o-ref-noqr');
    const first = await t.http.get('/api/mp/referral').set(auth(token)).expect(200);
    expect(first.body.qrCode).toBeNull();
    expect(first.body.shareCard.path).toContain(`scene=${first.body.code}`);
    const second = await t.http.get('/api/mp/referral').set(auth(token)).expect(200);
    expect(second.body.qrCode).toMatch(/^data:image\/jpeg;base64,/);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });
});

describe('binding at first login', () => {
  it('binds a new member arriving with the code (idempotently) and lists it for the inviter', async () => {
    const a = await inviter();
    const b = await arrive(a.code);
    const res = await bind(b.token).expect(200);
    expect(res.body.state).toBe('bound');
    await bind(b.token, a.code).expect(200);
    expect(await stateOf(a.token)).toEqual(['bound']);
    const mine = await t.http.get('/api/mp/referral').set(auth(b.token)).expect(200);
    expect(mine.body.invitedBy.state).toBe('bound');
  });

  it('rejects an unknown code with 404', async () => {
    const b = await arrive('ZZZZZZZZ');
    expect(await rejected(bind(b.token))).toEqual([404, 'REFERRAL_CODE_INVALID']);
  });

  it('rejects self-invites', async () => {
    const a = await inviter();
    expect(await rejected(bind(a.token, a.code))).toEqual([409, 'REFERRAL_SELF_INVITE']);
  });

  it('rejects existing members: arrived without the code, or bought before binding', async () => {
    const a = await inviter();
    const old = await loginMember(t, 'o-existing-1');
    expect(await rejected(bind(old.token, a.code))).toEqual([409, 'REFERRAL_EXISTING_MEMBER']);
    const buyer = await arrive(a.code);
    await signedPost(t, '/api/integrations/orders', paid(buyer.member.memberNo, 30_000)).expect(
      200,
    );
    expect(await rejected(bind(buyer.token))).toEqual([409, 'REFERRAL_EXISTING_MEMBER']);
    expect(await stateOf(a.token)).toEqual([]);
  });

  it('rejects a second inviter', async () => {
    const a = await inviter();
    const other = await inviter();
    const b = await arrive(a.code);
    await bind(b.token).expect(200);
    expect(await rejected(bind(b.token, other.code))).toEqual([409, 'REFERRAL_ALREADY_BOUND']);
    expect(await stateOf(other.token)).toEqual([]);
  });

  it('rejects cycles (A→B→A)', async () => {
    const a = await inviter();
    const b = await arrive(a.code);
    await bind(b.token).expect(200);
    const bCode = (await t.http.get('/api/mp/referral').set(auth(b.token)).expect(200)).body.code;
    expect(await rejected(bind(a.token, bCode))).toEqual([409, 'REFERRAL_CYCLE']);
  });

  it('rejects a unionid already seen on an earlier referral (account re-created)', async () => {
    const a = await inviter();
    const first = await arrive(a.code, 'u-returning');
    await bind(first.token).expect(200);
    // The earlier account was deleted (its identities released); the person registers again.
    const firstId = await memberIdOf(t, first.member.memberNo);
    await t.container.services.members.m.Identity.deleteMany({ memberId: firstId });
    const again = await arrive(a.code, 'u-returning');
    expect(again.member.memberNo).not.toBe(first.member.memberNo);
    expect(await rejected(bind(again.token))).toEqual([409, 'REFERRAL_IDENTITY_SEEN']);
    expect(await stateOf(a.token)).toEqual(['bound']);
  });

  it('voids a binding when the invitee turns out to be a known phone (merged into an existing member)', async () => {
    const a = await inviter();
    await signedPost(t, '/api/integrations/orders', order({ phone: '13900005555' }, 1000)).expect(
      200,
    );
    const b = await arrive(a.code);
    await bind(b.token).expect(200);
    const code = await t.http
      .post('/sandbox/weapp/phone-code')
      .send({ openid: `o-friend-${n}`, phone: '13900005555' })
      .expect(200);
    await t.http
      .post('/api/mp/phone')
      .set(auth(b.token))
      .send({ code: code.body.code })
      .expect(200);
    expect(await stateOf(a.token)).toEqual(['void:identity_seen']);
  });

  it("rejects the inviter's binding over the monthly cap, and allows it again next month", async () => {
    await t.http
      .put('/api/admin/referral/settings')
      .set(bearer(ops.token))
      .send({
        minOrderAmount: 10_000,
        coolingOffDays: 7,
        monthlyCap: 2,
        inviterReward: { points: 500, growth: 0 },
        inviteeReward: { points: 200, growth: 0 },
      })
      .expect(200);
    try {
      const a = await inviter();
      for (let i = 0; i < 2; i++) await bind((await arrive(a.code)).token).expect(200);
      const third = await arrive(a.code);
      expect(await rejected(bind(third.token))).toEqual([409, 'REFERRAL_CAP_REACHED']);
      clock.set(new Date('2026-12-01T01:00:00Z'));
      const december = await arrive(a.code);
      await bind(december.token).expect(200);
      expect(await stateOf(a.token)).toHaveLength(3);
    } finally {
      clock.set(new Date('2026-11-23T02:00:00Z'));
      await t.http
        .put('/api/admin/referral/settings')
        .set(bearer(ops.token))
        .send({
          minOrderAmount: 10_000,
          coolingOffDays: 7,
          monthlyCap: 20,
          inviterReward: { points: 500, growth: 0 },
          inviteeReward: { points: 200, growth: 0 },
        })
        .expect(200);
    }
    const audit = await t.http
      .get('/api/admin/audit-logs?targetType=referral')
      .set(bearer(ops.token))
      .expect(200);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
  });
});

describe('qualification', () => {
  it('rewards both sides once, after the cooling-off, for a first order over the minimum', async () => {
    const taskBody = {
      code: 'invite_one',
      name: '邀请一位好友',
      kind: 'invite',
      target: 1,
      period: 'monthly',
      reward: { points: 0, growth: 0, perkCode: null },
    };
    await t.http.post('/api/admin/tasks').set(bearer(ops.token)).send(taskBody).expect(201);
    const a = await inviter();
    const b = await arrive(a.code);
    await bind(b.token).expect(200);
    await signedPost(t, '/api/integrations/orders', paid(b.member.memberNo, 5_000)).expect(200);
    expect(await stateOf(a.token)).toEqual(['bound']); // under the minimum
    await signedPost(t, '/api/integrations/orders', paid(b.member.memberNo, 20_000)).expect(200);
    expect(await stateOf(a.token)).toEqual(['pending']);

    const aBefore = await pointsOf(t, a.member.memberNo);
    const bBefore = await pointsOf(t, b.member.memberNo);
    clock.advance(6 * DAY);
    await runJob();
    expect(await stateOf(a.token)).toEqual(['pending']);
    clock.advance(1 * DAY + 60_000);
    expect(await runJob()).toEqual({ qualified: 1, rewarded: 1 });
    expect(await runJob()).toEqual({ qualified: 0, rewarded: 0 });
    expect(await stateOf(a.token)).toEqual(['qualified']);
    expect((await pointsOf(t, a.member.memberNo)) - aBefore).toBe(500);
    expect((await pointsOf(t, b.member.memberNo)) - bBefore).toBe(200);
    const tasks = await t.http.get('/api/mp/tasks').set(auth(a.token)).expect(200);
    expect(tasks.body.items.find((i: { code: string }) => i.code === 'invite_one').state).toBe(
      'completed',
    );
    clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('gives no reward when the qualifying order is refunded inside the cooling-off', async () => {
    const a = await inviter();
    const b = await arrive(a.code);
    await bind(b.token).expect(200);
    const o = paid(b.member.memberNo, 20_000);
    await signedPost(t, '/api/integrations/orders', o).expect(200);
    clock.advance(3 * DAY);
    await signedPost(t, `/api/integrations/orders/${o.orderNo}/refunds`, {
      refundNo: `R${o.orderNo}`,
      amount: 20_000,
      reason: '不喜欢',
    }).expect(200);
    expect(await stateOf(a.token)).toEqual(['void:refunded']);
    const aBefore = await pointsOf(t, a.member.memberNo);
    const bBefore = await pointsOf(t, b.member.memberNo);
    clock.advance(10 * DAY);
    await runJob();
    expect(await pointsOf(t, a.member.memberNo)).toBe(aBefore);
    expect(await pointsOf(t, b.member.memberNo)).toBe(bBefore);
    expect(await stateOf(a.token)).toEqual(['void:refunded']);
    clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('keeps the reward when the refund comes after the cooling-off', async () => {
    const a = await inviter();
    const b = await arrive(a.code);
    await bind(b.token).expect(200);
    const o = paid(b.member.memberNo, 20_000);
    await signedPost(t, '/api/integrations/orders', o).expect(200);
    clock.advance(8 * DAY);
    await signedPost(t, `/api/integrations/orders/${o.orderNo}/refunds`, {
      refundNo: `R${o.orderNo}`,
      amount: 20_000,
      reason: '过季',
    }).expect(200);
    await runJob();
    expect(await stateOf(a.token)).toEqual(['qualified']);
    clock.set(new Date('2026-11-23T02:00:00Z'));
  });
});

describe('admin settings', () => {
  it('refuses bad settings (400) and analysts (403)', async () => {
    await t.http
      .put('/api/admin/referral/settings')
      .set(bearer(ops.token))
      .send({ minOrderAmount: -1 })
      .expect(400);
    const analyst = await loginAs(t, 'analyst');
    const current = await t.http
      .get('/api/admin/referral/settings')
      .set(bearer(analyst.token))
      .expect(200);
    await t.http
      .put('/api/admin/referral/settings')
      .set(bearer(analyst.token))
      .send(current.body)
      .expect(403);
  });
});

describe('demo seed', () => {
  it('seeds valid demo tasks and events once', async () => {
    expect(await seedDemoEngagement(t.container)).toEqual({ tasks: 8, events: 2 });
    expect(await seedDemoEngagement(t.container)).toEqual({ tasks: 0, events: 0 });
  });
});
