import { loadConfig } from '@circles/server/src/config';
import { sandboxSubscribeTemplates } from '@circles/server/src/lib/subscribe-templates';
import { keywordValues } from '@circles/server/src/modules/messages';
import { bearer, loginAs } from './helpers/admin';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

const PERK = 'sandbox_perk_granted';
const perkData = { perk: '生日礼', note: '到店出示会员码领取' };

describe('subscribe messages: acceptances, quotas and sends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  const messages = () => t.container.services.messages;
  const fake = () => t.container.services.integrations.sandbox!.weapp;

  let n = 0;
  /** A logged-in member; `accepted` templates accepted the way the H5 sandbox does it. */
  async function member(accepted: string[] = []) {
    n++;
    const openid = `o-msg-${n}`;
    const { token, member: m } = await loginMember(t, openid);
    const doc = (await t.container.services.members.byMemberNo(m.memberNo))!;
    if (accepted.length) {
      await t.http
        .post('/sandbox/weapp/subscriptions')
        .send({ openid, templateIds: accepted })
        .expect(200);
      // One report per ask, as the mini-program sends them.
      for (const id of accepted) {
        const results = { [id]: 'accept' };
        await t.http.post('/api/mp/subscriptions').set(bearer(token)).send({ results }).expect(200);
      }
    }
    return { openid, token, id: doc._id, memberNo: m.memberNo };
  }

  it('tells the mini-program which templates to ask for at each moment', async () => {
    const { token } = await member();
    const res = await t.http
      .get('/api/mp/subscriptions/templates?moment=perk_claim')
      .set(bearer(token))
      .expect(200);
    expect(res.body).toEqual({
      moment: 'perk_claim',
      sandbox: true,
      templates: [
        { purpose: 'perk_granted', title: '权益到账提醒', templateId: PERK },
        expect.objectContaining({ purpose: 'points_expiring' }),
        expect.objectContaining({ purpose: 'care_message' }),
      ],
    });
    const bad = await t.http
      .get('/api/mp/subscriptions/templates?moment=birthday')
      .set(bearer(token))
      .expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('query.moment');
    await t.http.get('/api/mp/subscriptions/templates?moment=topup').expect(401);
    // The H5 stand-in for the WeChat client accepts only this mini-program's templates.
    const unknown = await t.http
      .post('/sandbox/weapp/subscriptions')
      .send({ openid: 'o-msg-1', templateIds: ['tpl-elsewhere'] })
      .expect(404);
    expect(unknown.body.error.message).toMatch(/20001/);
  });

  it('records accepts only, one quota per accept', async () => {
    const m = await member();
    const res = await t.http
      .post('/api/mp/subscriptions')
      .set(bearer(m.token))
      .send({ results: { [PERK]: 'accept', sandbox_care_message: 'reject' } })
      .expect(200);
    expect(res.body.accepted).toEqual([
      { purpose: 'perk_granted', title: '权益到账提醒', templateId: PERK, quota: 1 },
    ]);
    await t.http
      .post('/api/mp/subscriptions')
      .set(bearer(m.token))
      .send({ results: { [PERK]: 'accept' } })
      .expect(200);
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(2);
    expect(await messages().quotaOf(m.id, 'care_message')).toBe(0);
  });

  it('refuses a report naming an unknown template with 400 and the field, recording nothing', async () => {
    const m = await member();
    const res = await t.http
      .post('/api/mp/subscriptions')
      .set(bearer(m.token))
      .send({ results: { [PERK]: 'accept', 'tpl-nope': 'accept' } })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields).toEqual([
      expect.objectContaining({ path: 'body.results.tpl-nope' }),
    ]);
    const badValue = await t.http
      .post('/api/mp/subscriptions')
      .set(bearer(m.token))
      .send({ results: { [PERK]: 'maybe' } })
      .expect(400);
    expect(badValue.body.error.details.fields[0].path).toBe(`body.results.${PERK}`);
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(0);
  });

  it('spends exactly one quota per send, then answers no_quota without calling WeChat', async () => {
    const m = await member([PERK]);
    const first = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: perkData,
      key: `perk:${m.memberNo}:1`,
    });
    expect(first).toEqual({ status: 'sent', msgid: expect.stringMatching(/^\d{19}$/) });
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(0);
    expect(fake().sentMessages(m.openid)).toEqual([
      expect.objectContaining({
        templateId: PERK,
        page: 'pages/perks/index',
        miniprogramState: 'formal',
        data: { thing1: { value: '生日礼' }, thing2: { value: '到店出示会员码领取' } },
      }),
    ]);
    const second = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: perkData,
      key: `perk:${m.memberNo}:2`,
    });
    expect(second).toEqual({ status: 'no_quota' });
    expect(fake().sentMessages(m.openid)).toHaveLength(1);
  });

  it('zeroes the local quota when WeChat answers 43101', async () => {
    const m = await member();
    // Reported as accepted, but WeChat holds no subscription (e.g. revoked in settings).
    await messages().recordAcceptances(m.id, { [PERK]: 'accept' });
    await messages().recordAcceptances(m.id, { [PERK]: 'accept' });
    const r = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: perkData,
      key: `perk:${m.memberNo}:revoked`,
    });
    expect(r).toEqual({ status: 'no_quota', errcode: 43101 });
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(0);
  });

  it('sends once per key, also when the same key is sent twice at once', async () => {
    const m = await member([PERK, PERK]);
    const send = (key: string) =>
      messages().send({ memberId: m.id, purpose: 'perk_granted', data: perkData, key });
    const first = await send('perk:once');
    const again = await send('perk:once');
    expect(again).toEqual({ status: 'duplicate', msgid: first.msgid });
    const both = await Promise.all([send('perk:race'), send('perk:race')]);
    expect(both.map((r) => r.status).sort()).toEqual(['duplicate', 'sent']);
    expect(fake().sentMessages(m.openid)).toHaveLength(2);
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(0);
  });

  it('fails a send with an over-long thing value with 47003 and keeps the quota', async () => {
    const m = await member([PERK]);
    const bad = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: { perk: '这是一段明显超过二十个字符的权益名称文字内容', note: '到店领取' },
      key: 'perk:too-long',
    });
    expect(bad).toEqual({ status: 'failed', errcode: 47003 });
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(1);
    // The same key keeps its answer (the data is wrong however often it is sent)…
    const again = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: perkData,
      key: 'perk:too-long',
    });
    expect(again).toEqual(bad);
    // …and a corrected message, cut to fit, goes out on the kept accept.
    const fixed = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: {
        perk: keywordValues.thing('这是一段明显超过二十个字符的权益名称文字内容'),
        note: '到店领取',
      },
      key: 'perk:fitted',
    });
    expect(fixed.status).toBe('sent');
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(0);
  });

  it('keeps the quota after a retryable refusal and sends on the retry with the same key', async () => {
    const m = await member([PERK]);
    await t.http
      .post('/sandbox/weapp/inject-error')
      .send({ api: 'subscribe_send', errcode: 45009 })
      .expect(200);
    const send = () =>
      messages().send({
        memberId: m.id,
        purpose: 'perk_granted',
        data: perkData,
        key: 'perk:retry',
      });
    expect(await send()).toEqual({ status: 'failed', errcode: 45009 });
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(1);
    expect(await send()).toEqual({ status: 'sent', msgid: expect.any(String) });
    const [entry] = await messages().history(m.id);
    expect(entry).toMatchObject({ status: 'sent', attempts: 2, errcode: null });
  });

  it('takes data by field name or by keyword and refuses anything else before sending', async () => {
    const m = await member([PERK]);
    await expect(
      messages().send({
        memberId: m.id,
        purpose: 'perk_granted',
        data: { gift: '生日礼' },
        key: 'perk:unknown-field',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const byKeyword = await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: { thing1: '老友回归礼', thing2: '导购已为您预留，到店出示会员码领取' },
      page: 'pages/perks/index?perk=vip_wakeup_gift',
      key: 'perk:by-keyword',
    });
    expect(byKeyword.status).toBe('sent');
    expect(fake().sentMessages(m.openid).at(-1)!.page).toBe(
      'pages/perks/index?perk=vip_wakeup_gift',
    );
  });

  it('after a crash, sends a claim that never reached WeChat and gives up on one that did', async () => {
    const m = await member([PERK, PERK]);
    const sends = t.container.conn.collection('subscribe_sends');
    const past = new Date(Date.now() - 60 * 60_000);
    const intent = (key: string, phase: 'claimed' | 'calling') => ({
      key,
      memberId: m.id,
      purpose: 'perk_granted',
      templateId: PERK,
      data: { thing1: '生日礼', thing2: '到店领取' },
      page: 'pages/perks/index',
      status: 'sending',
      phase,
      leaseUntil: past,
      attempts: 1,
      createdAt: past,
      updatedAt: past,
    });
    await sends.insertMany([
      intent('perk:crash-early', 'claimed'),
      intent('perk:crash-late', 'calling'),
    ]);
    const send = (key: string) =>
      messages().send({ memberId: m.id, purpose: 'perk_granted', data: perkData, key });
    // Died before asking WeChat: safe to send now, with what the first call meant to send.
    expect(await send('perk:crash-early')).toMatchObject({ status: 'sent' });
    expect(fake().sentMessages(m.openid).at(-1)!.data.thing2).toEqual({ value: '到店领取' });
    // Died while WeChat had it: it may have arrived, so it is never sent again.
    expect(await send('perk:crash-late')).toEqual({ status: 'failed', errcode: -1 });
    expect(await send('perk:crash-late')).toEqual({ status: 'failed', errcode: -1 });
    expect(fake().sentMessages(m.openid)).toHaveLength(1);
  });

  it('moves quotas with a OneID merge, so the survivor can be messaged on the same openid', async () => {
    const phone = '13700005555';
    await signedPost(t, '/api/integrations/orders', order({ phone }, 9_900)).expect(200);
    const m = await member([PERK]);
    const code = await t.http.post('/sandbox/weapp/phone-code').send({ openid: m.openid, phone });
    await t.http
      .post('/api/mp/phone')
      .set(bearer(m.token))
      .send({ code: code.body.code })
      .expect(200);
    const survivor = (await t.container.services.members.resolve(m.id))!;
    expect(String(survivor._id)).not.toBe(String(m.id));
    expect(await messages().quotaOf(survivor._id, 'perk_granted')).toBe(1);
    expect(await messages().quotaOf(m.id, 'perk_granted')).toBe(0);
    const r = await messages().send({
      memberId: survivor._id,
      purpose: 'perk_granted',
      data: perkData,
      key: 'perk:merged',
    });
    expect(r.status).toBe('sent');
    expect(fake().sentMessages(m.openid)).toHaveLength(1);
  });

  it("shows ops a member's quotas and sends", async () => {
    const m = await member([PERK]);
    await messages().send({
      memberId: m.id,
      purpose: 'perk_granted',
      data: perkData,
      key: 'perk:ops',
    });
    const admin = await loginAs(t, 'admin');
    const res = await t.http
      .get(`/api/admin/members/${m.memberNo}/subscriptions`)
      .set(bearer(admin.token))
      .expect(200);
    expect(res.body.quotas).toContainEqual(expect.objectContaining({ templateId: PERK, quota: 0 }));
    expect(res.body.sends).toEqual([
      expect.objectContaining({
        purpose: 'perk_granted',
        status: 'sent',
        data: expect.any(Object),
      }),
    ]);
    await t.http.get('/api/admin/members/M0/subscriptions').set(bearer(admin.token)).expect(404);
  });
});

describe('subscribe-message templates in production', () => {
  const base = {
    NODE_ENV: 'production',
    SESSION_SECRET: 's'.repeat(32),
    PHONE_ENC_KEY: Buffer.alloc(32, 7).toString('base64'),
    METRICS_TOKEN: 'metrics-token-0123456789',
    WEAPP_APPID: 'wx1234567890abcdef',
    WEAPP_SECRET: 'weapp-secret',
  };
  const templates = sandboxSubscribeTemplates();

  it('refuses to start without templates instead of falling back to sandbox ones', () => {
    expect(() => loadConfig(base)).toThrow(
      /missing WEAPP_SUBSCRIBE_TEMPLATES with NODE_ENV=production/,
    );
    const { care_message: _, ...partial } = templates;
    expect(() =>
      loadConfig({ ...base, WEAPP_SUBSCRIBE_TEMPLATES: JSON.stringify(partial) }),
    ).toThrow(/WEAPP_SUBSCRIBE_TEMPLATES lacks care_message/);
    const wrongType = {
      ...templates,
      perk_granted: { id: 'Tpl_1', keys: { perk: 'date1', note: 'thing2' } },
    };
    expect(() =>
      loadConfig({ ...base, WEAPP_SUBSCRIBE_TEMPLATES: JSON.stringify(wrongType) }),
    ).toThrow(/perk_granted\.keys\.perk must be a thing keyword/);
  });

  it('starts with every purpose configured, and outside sandbox mode an unset variable turns messages off', () => {
    const cfg = loadConfig({ ...base, WEAPP_SUBSCRIBE_TEMPLATES: JSON.stringify(templates) });
    expect(cfg.weapp.subscribeTemplates?.event_reminder).toEqual({
      id: 'sandbox_event_reminder',
      keys: { event: 'thing1', startAt: 'time2', place: 'thing3' },
      page: 'engage/events/index',
    });
    const dev = loadConfig({ ...base, NODE_ENV: 'development' });
    expect(dev).toMatchObject({ sandbox: false, weapp: { subscribeTemplates: null } });
  });
});
