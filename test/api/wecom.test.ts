import { createCipheriv, randomBytes } from 'node:crypto';
import { buildFlatXml } from '@circles/server/src/integrations/wecom/callback-xml';
import { WeComCrypto, wecomSignature } from '@circles/server/src/integrations/wecom/crypto';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

// Several helpers share two cores: the app start and callback round trips can be slow.
jest.setTimeout(30_000);

let t: WeComTestApp;
beforeAll(async () => {
  t = await startWeComApp();
});
afterAll(() => t.close());

const corpId = () => t.container.services.integrations.wecom!.corpId;
const cryptoFor = (receiveId: string) => new WeComCrypto({ ...t.wecom.callback, receiveId });

function query(encrypt: string, token = t.wecom.callback.token) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return { msg_signature: wecomSignature(token, timestamp, nonce, encrypt), timestamp, nonce };
}

function post(encrypt: string, q = query(encrypt)) {
  return t.http
    .post('/callbacks/wecom')
    .query(q)
    .set('Content-Type', 'text/xml')
    .send(buildFlatXml({ ToUserName: corpId(), AgentID: '1000002', Encrypt: encrypt }));
}

const eventXml = (fields: Record<string, string | number>) =>
  buildFlatXml({ ToUserName: corpId(), FromUserName: 'sys', MsgType: 'event', ...fields });

async function queued() {
  return t.container.services.wecomQueue.Item.countDocuments({ kind: 'wecom.event' });
}

describe('/callbacks/wecom', () => {
  it('answers URL verification with the bare decrypted echostr', async () => {
    const echostr = cryptoFor(corpId()).encrypt('echo-4711');
    const res = await t.http.get('/callbacks/wecom').query({ ...query(echostr), echostr });
    expect(res.status).toBe(200);
    expect(res.text).toBe('echo-4711');
  });

  it('refuses URL verification with a forged signature', async () => {
    const echostr = cryptoFor(corpId()).encrypt('echo-4712');
    const res = await t.http
      .get('/callbacks/wecom')
      .query({ ...query(echostr, 'not-the-token'), echostr });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SIGNATURE_INVALID');
  });

  it('rejects a forged signature and queues nothing', async () => {
    const before = await queued();
    const encrypt = cryptoFor(corpId()).encrypt(
      eventXml({
        Event: 'change_external_tag',
        Id: 'x1',
        TagType: 'tag',
        ChangeType: 'create',
        CreateTime: 1,
      }),
    );
    const res = await post(encrypt, query(encrypt, 'forged-token'));
    expect(res.status).toBe(401);
    expect(res.body.error.details).toEqual({ reason: 'signature' });
    expect(await queued()).toBe(before);
  });

  it('rejects a message addressed to another corp (receiveid)', async () => {
    const before = await queued();
    const encrypt = cryptoFor('ww-some-other-corp').encrypt(
      eventXml({
        Event: 'change_external_tag',
        Id: 'x2',
        TagType: 'tag',
        ChangeType: 'create',
        CreateTime: 2,
      }),
    );
    const res = await post(encrypt);
    expect(res.status).toBe(401);
    expect(res.body.error.details).toEqual({ reason: 'receiveid' });
    expect(await queued()).toBe(before);
  });

  it('rejects a message padded to 16 bytes instead of 32', async () => {
    const before = await queued();
    const key = Buffer.from(`${t.wecom.callback.encodingAesKey}=`, 'base64');
    // A plaintext of 0..15 mod 32 bytes pads to 16 mod 32 with 16-byte blocks: not valid WeCom.
    let msg = eventXml({
      Event: 'change_external_tag',
      Id: 'x3',
      TagType: 'tag',
      ChangeType: 'create',
      CreateTime: 3,
    });
    const total = () => 16 + 4 + Buffer.byteLength(msg) + Buffer.byteLength(corpId());
    while (total() % 32 >= 16) msg += ' ';
    const len = Buffer.alloc(4);
    len.writeUInt32BE(Buffer.byteLength(msg));
    const plain = Buffer.concat([randomBytes(16), len, Buffer.from(msg), Buffer.from(corpId())]);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)); // auto-pads to 16
    const encrypt = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
    expect(Buffer.from(encrypt, 'base64').length % 32).toBe(16);
    const res = await post(encrypt);
    expect(res.status).toBe(401);
    expect(res.body.error.details).toEqual({ reason: 'padding' });
    expect(await queued()).toBe(before);
  });

  it('acknowledges a genuine event with 200 and an empty body', async () => {
    const encrypt = cryptoFor(corpId()).encrypt(
      eventXml({
        Event: 'change_external_tag',
        Id: 'x4',
        TagType: 'tag',
        ChangeType: 'create',
        CreateTime: 4,
      }),
    );
    const res = await post(encrypt);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await t.settle();
  });
});

describe('add_external_contact', () => {
  it('sends the welcome card, links the member by unionid and applies the tier tag', async () => {
    const m = await t.member('o-add-1', 'u-add-1');
    await t.consultant('lily');
    const { externalUserId, welcomeCode } = await t.customerAdds('lily', {
      name: '王女士',
      unionid: 'u-add-1',
    });
    expect(welcomeCode).toBeTruthy();

    const state = t.wecom.control.contactState(externalUserId);
    expect(state.welcomeMessages).toHaveLength(1);
    expect(state.welcomeMessages[0]!.attachments).toEqual([
      expect.objectContaining({
        msgtype: 'miniprogram',
        miniprogram: expect.objectContaining({
          appid: t.container.services.integrations.weappAppid,
          // Uploaded with media/upload (temporary media), live in the fake.
          pic_media_id: expect.stringMatching(/.+/),
        }),
      }),
    ]);

    const rel = await t.container.services.relations.relation('lily', externalUserId);
    expect(String(rel?.memberId)).toBe(m.memberId);
    expect(rel?.state).toBe('active');
    expect(await t.container.services.relations.consultantsOf(rel!.memberId!)).toEqual(['lily']);

    const follow = state.followUsers.find((f) => f.userid === 'lily')!;
    expect(follow.tags).toEqual([
      expect.objectContaining({ groupName: '会员等级', name: m.tierName }),
    ]);
    const tags = await t.container.services.tags.tagsOf(rel!.memberId!);
    expect(tags).toEqual([
      expect.objectContaining({ name: m.tierName, source: 'system', group: 'tier' }),
    ]);
  });

  it('leaves an unknown customer unlinked, still welcomed', async () => {
    await t.consultant('mia');
    const { externalUserId } = await t.customerAdds('mia', { name: '路人甲' });
    const rel = await t.container.services.relations.relation('mia', externalUserId);
    expect(rel?.memberId).toBeNull();
    expect(t.wecom.control.contactState(externalUserId).welcomeMessages).toHaveLength(1);
  });

  it('processes a callback delivered three times exactly once', async () => {
    await t.consultant('nora');
    const c = t.wecom.control.createExternalContact({ name: '重复客户' });
    const out = t.wecom.control.customerAddsConsultant({
      userid: 'nora',
      externalUserId: c.externalUserId,
    });
    await t.settle();
    const inner = buildFlatXml(out.delivery!.event);
    // WeCom's retries resend the very same event: replay it twice more.
    for (let i = 0; i < 2; i++) {
      const res = await post(cryptoFor(corpId()).encrypt(inner));
      expect(res.status).toBe(200);
    }
    await t.settle();
    const items = await t.container.services.wecomQueue.Item.find({
      kind: 'wecom.event',
      'payload.ExternalUserID': c.externalUserId,
    }).lean();
    expect(items).toHaveLength(1);
    expect(items[0]!.status).toBe('done');
    const rel = await t.container.services.relations.relation('nora', c.externalUserId);
    expect(rel?.history).toHaveLength(1);
    expect(t.wecom.control.contactState(c.externalUserId).welcomeMessages).toHaveLength(1);
  });
});

describe('relation ends', () => {
  it('raises a churn signal when the customer deletes the consultant', async () => {
    const raised: Array<Record<string, unknown>> = [];
    const real = t.container.services.wecomPorts.alerts;
    t.container.services.wecomPorts.alerts = { raise: async (a) => void raised.push(a) };
    const m = await t.member('o-del-1', 'u-del-1');
    await t.consultant('olga');
    const { externalUserId } = await t.customerAdds('olga', {
      name: '流失客户',
      unionid: 'u-del-1',
    });
    t.wecom.control.customerDeletesConsultant({ userid: 'olga', externalUserId });
    await t.settle();
    const rel = await t.container.services.relations.relation('olga', externalUserId);
    expect(rel).toMatchObject({ state: 'ended', endedBy: 'customer' });
    expect(raised).toEqual([
      expect.objectContaining({ kind: 'wecom_deleted', severity: 'warning' }),
    ]);
    expect(String(raised[0]!.memberId)).toBe(m.memberId);
    t.container.services.wecomPorts.alerts = real;
  });

  it('keeps the history when the consultant deletes the customer', async () => {
    await t.consultant('pia');
    const { externalUserId } = await t.customerAdds('pia', { name: '被删客户' });
    t.wecom.control.consultantDeletesCustomer({ userid: 'pia', externalUserId });
    await t.settle();
    const rel = await t.container.services.relations.relation('pia', externalUserId);
    expect(rel).toMatchObject({ state: 'ended', endedBy: 'consultant' });
    expect(rel?.history.map((h) => h.type)).toEqual(['added', 'deleted_by_consultant']);
  });
});

describe('OneID merges', () => {
  it('moves the WeCom relation to the surviving member and back on undo', async () => {
    const s = t.container.services;
    const older = await t.member('o-mg-old', 'u-mg-old');
    const newer = await t.member('o-mg-new', 'u-mg-new');
    await t.consultant('quinn');
    const { externalUserId } = await t.customerAdds('quinn', {
      name: '合并客户',
      unionid: 'u-mg-new',
    });
    const [a, b] = await Promise.all([
      s.members.require(older.memberId),
      s.members.require(newer.memberId),
    ]);
    const survivor = await s.merges.merge(a, b, '同一人', 'test');
    expect(String(survivor._id)).toBe(older.memberId);
    await t.settle();
    expect(await s.relations.consultantsOf(survivor._id)).toEqual(['quinn']);
    expect(String(await s.relations.memberOf(externalUserId))).toBe(older.memberId);

    const rec = await s.merges.m.Merge.findOne({ loserId: b._id }).lean();
    await s.merges.reverse(String(rec!._id), '误合并', 'test');
    await t.settle();
    expect(await s.relations.consultantsOf(survivor._id)).toEqual([]);
    expect(String(await s.relations.memberOf(externalUserId))).toBe(newer.memberId);
  });
});

describe('sandbox control API', () => {
  it('is mounted in sandbox mode: consultants, OAuth codes and tag groups', async () => {
    await t.http
      .post('/sandbox/wecom/consultants')
      .send({ userid: 'sandy', name: '桑迪' })
      .expect(200);
    const code = await t.http
      .post('/sandbox/wecom/oauth-code')
      .send({ userid: 'sandy' })
      .expect(200);
    const res = await t.http
      .post('/api/sidebar/session')
      .send({ code: code.body.code })
      .expect(200);
    expect(res.body.consultant.userId).toBe('sandy');
    expect((await t.http.get('/sandbox/wecom/tag-groups').expect(200)).body.tagGroups).toEqual(
      expect.any(Array),
    );
  });
});
