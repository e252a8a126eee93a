import { createHash } from 'node:crypto';
import { sidebarCustomerResponse } from '@circles/shared';
import { bearer } from './helpers/admin';
import { loginMember, order, signedPost } from './helpers/member';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

// Several helpers share two cores: the app start and callback round trips can be slow.
jest.setTimeout(30_000);

let t: WeComTestApp;
let lily: Record<string, string>;
let rose: Record<string, string>;
let linked: string;
let stranger: string;
let memberNo: string;

beforeAll(async () => {
  t = await startWeComApp();
  const m = await t.member('o-sb-1', 'u-sb-1');
  memberNo = m.memberNo;
  ({ auth: lily } = await t.consultant('lily', '莉莉'));
  ({ auth: rose } = await t.consultant('rose', '露丝'));
  ({ externalUserId: linked } = await t.customerAdds('lily', {
    name: '王女士',
    unionid: 'u-sb-1',
  }));
  ({ externalUserId: stranger } = await t.customerAdds('lily', { name: '新客' }));
  await signedPost(t, '/api/integrations/orders', order({ memberNo }, 129_900)).expect(200);
});
afterAll(() => t.close());

const customer = (id: string, auth: Record<string, string>) =>
  t.http.get(`/api/sidebar/customers/${id}`).set(auth);

describe('sidebar session', () => {
  it('turns a WeCom OAuth code into a consultant session', async () => {
    const code = t.wecom.control.issueOAuthCode({ userid: 'lily' });
    const res = await t.http.post('/api/sidebar/session').send({ code }).expect(200);
    expect(res.body.consultant).toEqual({ userId: 'lily', name: '莉莉', store: '上海静安店' });
    expect(res.body.token).toEqual(expect.any(String));
  });

  it('refuses someone outside the corp, and a used code', async () => {
    const outsider = t.wecom.control.issueOAuthCode({ openid: 'o-outsider' });
    const res = await t.http.post('/api/sidebar/session').send({ code: outsider });
    expect(res.status).toBe(403);
    const again = await t.http.post('/api/sidebar/session').send({ code: outsider });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('WECOM_CODE_INVALID');
  });

  it('requires a consultant token (a member token will not do)', async () => {
    expect((await t.http.get(`/api/sidebar/customers/${linked}`)).status).toBe(401);
    const { token } = await loginMember(t, 'o-sb-2');
    const res = await t.http.get(`/api/sidebar/customers/${linked}`).set(bearer(token));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_INVALID');
  });

  it('signs JS-SDK config and agentConfig for the page URL', async () => {
    const url = 'http://127.0.0.1:5173/sidebar/?sandboxContact=abc';
    const res = await t.http
      .get('/api/sidebar/jssdk-signature')
      .query({ url })
      .set(lily)
      .expect(200);
    const client = t.container.services.integrations.wecom!.client;
    const sign = (ticket: string, s: { nonceStr: string; timestamp: number }) =>
      createHash('sha1')
        .update(`jsapi_ticket=${ticket}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${url}`)
        .digest('hex');
    expect(res.body.config.signature).toBe(sign(await client.getJsapiTicket(), res.body.config));
    expect(res.body.agentConfig.signature).toBe(
      sign(await client.getAgentConfigTicket(), res.body.agentConfig),
    );
    expect(res.body).toMatchObject({
      corpId: t.container.services.integrations.wecom!.corpId,
      sandbox: true,
    });
  });
});

describe('GET /api/sidebar/customers/:externalUserId', () => {
  it('shows a linked member: tier, orders, points and tags', async () => {
    const res = await customer(linked, lily).expect(200);
    const body = sidebarCustomerResponse.parse(res.body);
    expect(body.linked).toBe(true);
    expect(body.contact).toMatchObject({ name: '王女士', externalUserId: linked });
    expect(body.member).toMatchObject({ memberNo, totalSpend: 129_900, orderCount: 1 });
    expect(body.member?.tier.name).toEqual(expect.any(String));
    expect(body.recentOrders).toEqual([
      expect.objectContaining({ amount: 129_900, status: 'paid' }),
    ]);
    expect(body.member?.points?.balance).toEqual(expect.any(Number));
    const tierGroup = body.tagGroups.find((g) => g.groupName === '会员等级');
    expect(tierGroup).toMatchObject({ system: true });
    expect(tierGroup?.tags).toEqual([expect.objectContaining({ source: 'system' })]);
    expect(body.invite).toBeNull();
  });

  it('shows what WeCom knows about an unlinked customer and an invite card', async () => {
    const res = await customer(stranger, lily).expect(200);
    expect(res.body).toMatchObject({ linked: false, member: null, recentOrders: [] });
    expect(res.body.contact.name).toBe('新客');
    expect(res.body.invite.page).toMatch(/\.html$/);
  });

  it('includes the value segment and risk flags when the value engine is wired', async () => {
    const real = t.container.services.wecomPorts.value;
    t.container.services.wecomPorts.value = {
      memberValue: async () => ({
        segment: '重要价值',
        pAlive: 0.92,
        clv12mFen: 356_000,
        warnings: [{ kind: 'tier_at_risk', title: '等级即将降级', severity: 'warning' }],
      }),
    };
    const res = await customer(linked, lily).expect(200);
    expect(res.body.member.value).toEqual({
      segment: '重要价值',
      segmentName: '重要价值',
      pAlive: 0.92,
      clv12m: 356_000,
      riskFlags: [{ kind: 'tier_at_risk', title: '等级即将降级', severity: 'warning' }],
    });
    t.container.services.wecomPorts.value = real;
  });

  it('answers 403 to a consultant who does not follow the customer', async () => {
    const res = await customer(linked, rose);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const tags = await t.http
      .put(`/api/sidebar/customers/${linked}/tags`)
      .set(rose)
      .send({ add: ['x'] });
    expect(tags.status).toBe(403);
    const note = await t.http
      .post(`/api/sidebar/customers/${linked}/notes`)
      .set(rose)
      .send({ text: '偷看' });
    expect(note.status).toBe(403);
    expect((await customer(linked, lily).expect(200)).body.notes).toEqual([]);
  });

  it('rejects a malformed external userid with 400', async () => {
    expect((await customer('bad id!', lily)).status).toBe(400);
  });
});

describe('notes and follow-ups', () => {
  it('adds a note and a follow-up, then marks it done', async () => {
    const note = await t.http
      .post(`/api/sidebar/customers/${linked}/notes`)
      .set(lily)
      .send({ text: '喜欢羊绒，尺码 M' })
      .expect(201);
    expect(note.body).toMatchObject({ text: '喜欢羊绒，尺码 M', consultantName: '莉莉' });
    const fu = await t.http
      .post(`/api/sidebar/customers/${linked}/follow-ups`)
      .set(lily)
      .send({ title: '新品到店提醒', dueAt: '2026-12-01T02:00:00Z' })
      .expect(201);
    expect(fu.body).toMatchObject({
      status: 'open',
      kind: 'manual',
      dueAt: '2026-12-01T02:00:00.000Z',
    });

    const card = (await customer(linked, lily).expect(200)).body;
    expect(card.notes.map((n: { text: string }) => n.text)).toEqual(['喜欢羊绒，尺码 M']);
    expect(card.followUps.map((f: { id: string }) => f.id)).toEqual([fu.body.id]);

    expect((await t.http.post(`/api/sidebar/follow-ups/${fu.body.id}/done`).set(rose)).status).toBe(
      404,
    );
    const done = await t.http
      .post(`/api/sidebar/follow-ups/${fu.body.id}/done`)
      .set(lily)
      .expect(200);
    expect(done.body.status).toBe('done');
  });

  it('creates a playbook follow-up once per source key', async () => {
    const memberId = await t.container.services.relations.memberOf(linked);
    const input = {
      memberId,
      consultantUserId: 'lily',
      kind: 'tier_at_risk',
      title: '保级提醒',
      playbook: ['电话问候', '邀请到店'],
      sourceKey: 'playbook:tier_at_risk:2026-11',
    };
    const [a, b] = await Promise.all([
      t.container.services.followUps.create(input),
      t.container.services.followUps.create(input),
    ]);
    expect(String(a._id)).toBe(String(b._id));
    expect(await t.container.services.followUps.forCustomer(linked, memberId)).toHaveLength(2);
  });

  it('rejects an empty note with 400 and stores nothing', async () => {
    const res = await t.http
      .post(`/api/sidebar/customers/${linked}/notes`)
      .set(lily)
      .send({ text: '  ' });
    expect(res.status).toBe(400);
    expect(await t.container.services.followUps.notes(linked)).toHaveLength(1);
  });
});

describe('perks', () => {
  it('builds a mini-program perk card', async () => {
    const res = await t.http
      .get('/api/sidebar/perk-card')
      .query({ perkCode: 'BDAY' })
      .set(lily)
      .expect(200);
    expect(res.body).toMatchObject({ appid: t.container.services.integrations.weappAppid });
    expect(res.body.page).toBe('pages/perks/index.html?perk=BDAY');
  });

  it('gives cards an absolute cover image URL under PUBLIC_URL that serves a PNG', async () => {
    const perk = await t.http.get('/api/sidebar/perk-card').query({ perkCode: 'BDAY' }).set(lily);
    const invite = (await customer(stranger, lily).expect(200)).body.invite;
    for (const card of [perk.body, invite]) {
      const url = new URL(card.imgUrl);
      expect(url.origin).toBe(new URL(t.container.config.publicUrl).origin);
      expect(url.protocol).toMatch(/^https?:$/);
    }
    const img = await t.http.get(new URL(perk.body.imgUrl).pathname).expect(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect((img.body as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
