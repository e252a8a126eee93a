import { ManualClock } from '../../sandbox/common/clock';
import { FakeWeComServer } from '../../sandbox/wecom/fake-wecom-server';
import { memberCardPng } from '../../modules/wecom/card-image';
import { HttpWeComClient, type HttpWeComClientOptions } from './http-wecom-client';
import { jsapiSignature } from './jssdk-signature';
import { WeComApiError } from './wecom-errors';

const CORP = 'ww0000000000000001';
const AGENT = 1000002;
const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

describe('HttpWeComClient against the fake WeCom', () => {
  const clock = new ManualClock(Date.UTC(2025, 3, 1));
  const fake = new FakeWeComServer({
    corpId: CORP,
    agentId: AGENT,
    agentSecret: 'agent-secret',
    contactSecret: 'contact-secret',
    callback: { token: 'cbtoken', encodingAesKey: AES },
    clock,
    maxCorpTags: 6,
    perApiPerMinute: 50,
  });
  const slept: number[] = [];
  const make = (extra: Partial<HttpWeComClientOptions> = {}) =>
    new HttpWeComClient({
      baseUrl: fake.url,
      corpId: CORP,
      agentId: AGENT,
      agentSecret: 'agent-secret',
      contactSecret: 'contact-secret',
      sleep: async (ms) => {
        slept.push(ms);
      },
      ...extra,
    });
  let client: HttpWeComClient;
  const calls = (api: string) => fake.state.calls.get(api) ?? 0;

  beforeAll(async () => {
    await fake.start();
    fake.control.createConsultant({ userid: 'lily', name: '莉莉' });
    fake.control.createConsultant({ userid: 'max', name: '马克' });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    client = make();
    slept.length = 0;
    clock.advance(61_000); // a fresh per-minute window for every test
  });

  it('exchanges an OAuth code once for the consultant userid, then answers WECOM_CODE_INVALID', async () => {
    const code = fake.control.issueOAuthCode({ userid: 'lily' });
    await expect(client.getUserInfoByCode(code)).resolves.toEqual({
      kind: 'member',
      userid: 'lily',
    });
    const err = await client.getUserInfoByCode(code).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComApiError);
    expect(err).toMatchObject({ errcode: 40029, code: 'WECOM_CODE_INVALID', status: 401 });
    const stale = fake.control.issueOAuthCode({ userid: 'lily' });
    clock.advance(5 * 60_000 + 1);
    await expect(client.getUserInfoByCode(stale)).rejects.toMatchObject({ errcode: 40029 });
    const outsider = fake.control.issueOAuthCode({ openid: 'oX-outsider' });
    await expect(client.getUserInfoByCode(outsider)).resolves.toEqual({
      kind: 'external',
      openid: 'oX-outsider',
    });
  });

  it('caches the token per secret and refreshes once when it has expired (42001)', async () => {
    const agentToken = await client.getAccessToken('agent');
    const contactToken = await client.getAccessToken('contact');
    expect(agentToken).not.toBe(contactToken);
    expect(await client.getAccessToken('agent')).toBe(agentToken);

    const before = calls('gettoken');
    fake.control.expireAccessTokens();
    await expect(client.listExternalContacts('max')).resolves.toEqual([]);
    expect(calls('gettoken') - before).toBe(1);
    expect(await client.getAccessToken('contact')).not.toBe(contactToken);
  });

  it('caches jsapi tickets and signs with them', async () => {
    const url = 'https://sidebar.example/sidebar/?sandboxContact=1#/x';
    const config = await client.signJsapiConfig(url);
    const agentCfg = await client.signAgentConfig(url);
    const ticket = await client.getJsapiTicket();
    const agentTicket = await client.getAgentConfigTicket();
    expect(ticket).not.toBe(agentTicket);
    expect(config.signature).toBe(jsapiSignature({ ticket, ...config, url }));
    expect(agentCfg.signature).toBe(jsapiSignature({ ticket: agentTicket, ...agentCfg, url }));
    await client.signJsapiConfig(url);
    expect(calls('get_jsapi_ticket')).toBe(1);
    expect(calls('ticket/get')).toBe(1);
  });

  it('reads a contact with unionid and corp tags, and lists a consultant’s customers', async () => {
    const c = fake.control.createExternalContact({ name: '王女士', unionid: 'u-wang', gender: 2 });
    await expect(client.getExternalContact(c.externalUserId)).rejects.toMatchObject({
      errcode: 84061,
      status: 404,
    });
    fake.control.customerAddsConsultant({
      userid: 'lily',
      externalUserId: c.externalUserId,
      state: 'store-01',
    });
    const group = await client.addCorpTag({
      groupName: '会员等级',
      tags: [{ name: '金卡' }, { name: '银卡' }],
    });
    await client.markTag({
      userid: 'lily',
      externalUserId: c.externalUserId,
      addTag: [group.tags[0]!.id],
    });

    const detail = await client.getExternalContact(c.externalUserId);
    expect(detail.contact).toMatchObject({ name: '王女士', unionid: 'u-wang', type: 1, gender: 2 });
    expect(detail.followUsers).toEqual([
      expect.objectContaining({
        userid: 'lily',
        state: 'store-01',
        tags: [{ groupName: '会员等级', tagName: '金卡', type: 1, tagId: group.tags[0]!.id }],
      }),
    ]);
    expect(await client.listExternalContacts('lily')).toContain(c.externalUserId);
    await expect(
      client.markTag({
        userid: 'max',
        externalUserId: c.externalUserId,
        addTag: [group.tags[1]!.id],
      }),
    ).rejects.toMatchObject({ errcode: 84061 });
  });

  it('edits only tags the app created and refuses to grow the library past its limit', async () => {
    const consoleGroup = fake.control.consoleCreateTags({
      groupName: '门店标签',
      tags: ['静安店'],
    });
    await expect(
      client.editCorpTag({ id: consoleGroup.tags[0]!.id, name: '静安嘉里' }),
    ).rejects.toMatchObject({
      errcode: 301002,
    });
    const own = await client.addCorpTag({ groupName: '价值分层', tags: [{ name: '高价值' }] });
    await client.editCorpTag({ id: own.tags[0]!.id, name: '重要价值' });
    const listed = await client.getCorpTagList({ groupIds: [own.groupId] });
    expect(listed[0]!.tags.map((t) => t.name)).toEqual(['重要价值']);

    const count = fake.state.tags.count();
    const room = 6 - count;
    await expect(
      client.addCorpTag({
        groupId: own.groupId,
        tags: Array.from({ length: room + 1 }, (_, i) => ({ name: `t${i}` })),
      }),
    ).rejects.toMatchObject({ errcode: 84072 });
    expect(fake.state.tags.count()).toBe(count);
  });

  it('sends a welcome message within 20 s, once; a second try is 41051 and not retried', async () => {
    const c = fake.control.createExternalContact({ name: '陈先生' });
    const { welcomeCode } = fake.control.customerAddsConsultant({
      userid: 'lily',
      externalUserId: c.externalUserId,
    });
    // pic_media_id must be live temporary media (media/upload, 3 days), as upstream.
    const media = await client.uploadMedia({
      type: 'image',
      filename: 'card.png',
      contentType: 'image/png',
      data: memberCardPng(),
    });
    expect(fake.state.media.get(media.mediaId)).toMatchObject({ type: 'image' });
    await expect(
      client.uploadMedia({
        type: 'image',
        filename: 'x.txt',
        contentType: 'text/plain',
        data: Buffer.from('not an image'),
      }),
    ).rejects.toMatchObject({ errcode: 40005 });
    clock.advance(19_000);
    await client.sendWelcomeMsg({
      welcomeCode: welcomeCode!,
      text: '欢迎加入会员中心',
      attachments: [
        {
          msgtype: 'miniprogram',
          miniprogram: {
            title: '会员中心',
            picMediaId: media.mediaId,
            appid: 'wxapp',
            page: 'pages/index/index.html',
          },
        },
      ],
    });
    const before = calls('externalcontact/send_welcome_msg');
    await expect(
      client.sendWelcomeMsg({ welcomeCode: welcomeCode!, text: 'again' }),
    ).rejects.toMatchObject({
      errcode: 41051,
    });
    expect(calls('externalcontact/send_welcome_msg') - before).toBe(1);
    const received = fake.control.contactState(c.externalUserId).welcomeMessages;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ fromUserid: 'lily', text: '欢迎加入会员中心' });
    expect(received[0]!.attachments).toEqual([
      {
        msgtype: 'miniprogram',
        miniprogram: {
          title: '会员中心',
          pic_media_id: media.mediaId,
          appid: 'wxapp',
          page: 'pages/index/index.html',
        },
      },
    ]);
  });

  it('refuses a welcome message after the 20-second window', async () => {
    const c = fake.control.createExternalContact({ name: '赵女士' });
    const { welcomeCode } = fake.control.customerAddsConsultant({
      userid: 'max',
      externalUserId: c.externalUserId,
    });
    clock.advance(20_001);
    await expect(
      client.sendWelcomeMsg({ welcomeCode: welcomeCode!, text: 'hi' }),
    ).rejects.toMatchObject({
      errcode: 41051,
    });
    expect(fake.control.contactState(c.externalUserId).welcomeMessages).toEqual([]);
  });

  it('retries 41096 on the welcome message and -1 on reads, with growing backoff', async () => {
    const c = fake.control.createExternalContact({ name: '孙先生' });
    const { welcomeCode } = fake.control.customerAddsConsultant({
      userid: 'max',
      externalUserId: c.externalUserId,
    });
    fake.control.injectError('externalcontact/send_welcome_msg', 41096);
    await client.sendWelcomeMsg({ welcomeCode: welcomeCode!, text: 'hi' });
    expect(fake.control.contactState(c.externalUserId).welcomeMessages).toHaveLength(1);

    fake.control.injectError('externalcontact/get', -1, 2);
    await expect(client.getExternalContact(c.externalUserId)).resolves.toMatchObject({
      contact: { name: '孙先生' },
    });
    expect(slept).toHaveLength(3);
    expect(slept[2]!).toBeGreaterThan(slept[1]!);
  });

  it('answers 45009 once, then cools the API down for a minute without calling WeCom', async () => {
    // 访问频率限制 https://developer.work.weixin.qq.com/document/path/90454: a minute block
    // lasts 60 s, so retrying within seconds only burns calls.
    const c = fake.control.createExternalContact({ name: '周女士' });
    fake.control.customerAddsConsultant({ userid: 'max', externalUserId: c.externalUserId });
    client = make({ now: () => clock.now() });
    const used = calls('externalcontact/get');
    // Burn the rest of this minute's budget of 50 (calls are counted per API per minute).
    for (let i = 0; i < 50; i++) fake.state.perApi.hit('externalcontact/get');
    const err = await client.getExternalContact(c.externalUserId).catch((e: unknown) => e);
    expect(err).toMatchObject({ errcode: 45009, type: 'rate_limited' });
    expect(calls('externalcontact/get') - used).toBe(1);
    expect(slept).toEqual([]);
    await expect(client.getExternalContact(c.externalUserId)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterMs: expect.any(Number) },
    });
    expect(calls('externalcontact/get') - used).toBe(1); // refused locally
    clock.advance(61_000);
    await expect(client.getExternalContact(c.externalUserId)).resolves.toMatchObject({
      contact: { name: '周女士' },
    });
  });

  it('sends no agentid on corp-tag writes (the fake refuses it, as for old third-party suites only)', async () => {
    const group = await client.addCorpTag({ groupName: '无agentid', tags: [{ name: '甲' }] });
    const tagId = group.tags[0]!.id;
    await client.editCorpTag({ id: tagId, name: '乙' });
    await client.delCorpTag({ tagIds: [tagId] });
    const raw = await fetch(
      `${fake.url}/cgi-bin/externalcontact/add_corp_tag?access_token=${await client.getAccessToken('contact')}`,
      {
        method: 'POST',
        body: JSON.stringify({ group_name: 'x', tag: [{ name: 'y' }], agentid: AGENT }),
      },
    ).then((r) => r.json());
    expect(raw).toMatchObject({ errcode: 40056 });
  });

  it('does not retry other errcodes and reports an unreachable host as -1', async () => {
    const before = calls('externalcontact/add_corp_tag');
    await expect(
      client.addCorpTag({ groupName: 'x'.repeat(31), tags: [{ name: 'a' }] }),
    ).rejects.toMatchObject({
      errcode: 40058,
      type: 'upstream_failed',
    });
    expect(calls('externalcontact/add_corp_tag') - before).toBe(1);
    const dead = make({ baseUrl: 'http://127.0.0.1:1', maxRetries: 2 });
    await expect(dead.getAccessToken()).rejects.toMatchObject({ errcode: -1 });
  });
});
