import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import request from 'supertest';
import { parseFlatXml } from '../../integrations/wecom/callback-xml';
import { WeComCrypto } from '../../integrations/wecom/crypto';
import { isAppError } from '../../lib/errors';
import { bodyReader } from '../../middleware/body';
import { FakeWeComServer } from './fake-wecom-server';
import { createWeComSandboxRouter } from './wecom-sandbox.routes';

const CORP = 'wwcallbacks00001';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'cb-token';

/** Plays the Circles callback endpoint: verifies, decrypts, records; can fail on purpose. */
function receiver() {
  const crypto = new WeComCrypto({ token: TOKEN, encodingAesKey: AES, receiveId: CORP });
  const events: Record<string, string>[] = [];
  const encrypts: string[] = [];
  const plan: ('fail' | 'hang')[] = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const encrypt = parseFlatXml(body).Encrypt!;
    encrypts.push(encrypt);
    const mode = plan.shift();
    if (mode === 'hang') return; // never answer: the sender must time out and retry
    if (mode === 'fail') {
      res.statusCode = 500;
      res.end();
      return;
    }
    const inner = crypto.openEnvelope(
      {
        msgSignature: q.get('msg_signature')!,
        timestamp: q.get('timestamp')!,
        nonce: q.get('nonce')!,
      },
      body,
    );
    events.push(parseFlatXml(inner));
    res.end();
  });
  return { server, events, encrypts, plan };
}

describe('FakeWeComServer callbacks and console', () => {
  const rx = receiver();
  const fake = new FakeWeComServer({
    corpId: CORP,
    agentId: 1000005,
    agentSecret: 'agent-secret',
    callback: { token: TOKEN, encodingAesKey: AES, timeoutMs: 200, retryDelaysMs: [10, 10, 10] },
  });
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (!isAppError(e)) throw e;
      ctx.status = e.status;
      ctx.body = { error: { code: e.code, details: e.details } };
    }
  });
  app.use(bodyReader()); // mounted as in the main app: the body arrives pre-read
  app.use(createWeComSandboxRouter(fake.control).routes());
  const api = request(app.callback());
  let contactId = '';

  beforeAll(async () => {
    await new Promise<void>((r) => rx.server.listen(0, '127.0.0.1', () => r()));
    await fake.start();
    fake.control.setCallbackUrl(
      `http://127.0.0.1:${(rx.server.address() as AddressInfo).port}/callbacks/wecom`,
    );
    await api.post('/sandbox/wecom/consultants').send({ userid: 'lily', name: '莉莉' }).expect(200);
    const res = await api
      .post('/sandbox/wecom/external-contacts')
      .send({ name: '王女士', unionid: 'u-wang' })
      .expect(200);
    contactId = res.body.externalUserId;
  });
  afterAll(async () => {
    await fake.stop();
    rx.server.closeAllConnections();
    await new Promise<void>((r) => rx.server.close(() => r()));
  });
  beforeEach(() => {
    rx.events.length = 0;
    rx.encrypts.length = 0;
  });

  it('delivers add_external_contact with a WelcomeCode, encrypted for the corp', async () => {
    const res = await api
      .post('/sandbox/wecom/contacts/add')
      .send({ userid: 'lily', externalUserId: contactId, state: 'qr-7' })
      .expect(200);
    await fake.control.idle();
    expect(rx.events).toEqual([
      expect.objectContaining({
        ToUserName: CORP,
        FromUserName: 'sys',
        MsgType: 'event',
        Event: 'change_external_contact',
        ChangeType: 'add_external_contact',
        UserID: 'lily',
        ExternalUserID: contactId,
        State: 'qr-7',
        WelcomeCode: res.body.welcomeCode,
      }),
    ]);
    expect(rx.events[0]!.CreateTime).toMatch(/^\d+$/);
    expect(Buffer.from(rx.encrypts[0]!, 'base64').length % 32).toBe(0);
  });

  it('retries the same request after a 500 and after a timeout', async () => {
    rx.plan.push('fail', 'hang');
    const delivery = fake.control.consoleSetRemark({
      userid: 'lily',
      externalUserId: contactId,
      remark: 'VIP',
    });
    await fake.control.idle();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(new Set(rx.encrypts).size).toBe(1); // byte-identical resends, so receivers can dedupe
    expect(rx.events).toEqual([expect.objectContaining({ ChangeType: 'edit_external_contact' })]);
  });

  it('gives up after three retries and says so', async () => {
    rx.plan.push('fail', 'fail', 'fail', 'fail');
    const delivery = fake.control.consoleSetRemark({
      userid: 'lily',
      externalUserId: contactId,
      remark: 'x',
    });
    await fake.control.idle();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4, lastError: 'HTTP 500' });
    expect(rx.events).toEqual([]);
  });

  it('fires change_external_tag for console tag edits and edit_external_contact for console tagging', async () => {
    const created = await api
      .post('/sandbox/wecom/console/tags')
      .send({ groupName: '兴趣', tags: ['香氛'] })
      .expect(200);
    const tagId = created.body.tags[0].id;
    await api.patch(`/sandbox/wecom/console/tags/${tagId}`).send({ name: '香水' }).expect(200);
    await api
      .post('/sandbox/wecom/console/mark-tags')
      .send({ userid: 'lily', externalUserId: contactId, addTag: [tagId] })
      .expect(200);
    await fake.control.idle();
    expect(rx.events.map((e) => [e.Event, e.ChangeType, e.TagType ?? '', e.Id ?? ''])).toEqual([
      ['change_external_tag', 'create', 'tag_group', created.body.groupId],
      ['change_external_tag', 'update', 'tag', tagId],
      ['change_external_contact', 'edit_external_contact', '', ''],
    ]);
    const state = await api.get(`/sandbox/wecom/external-contacts/${contactId}`).expect(200);
    expect(state.body.followUsers[0].tags).toEqual([
      { id: tagId, groupName: '兴趣', name: '香水' },
    ]);
  });

  it('reports deletions from either side and keeps the one-sided relation', async () => {
    await api.post('/sandbox/wecom/consultants').send({ userid: 'max', name: '马克' }).expect(200);
    await api
      .post('/sandbox/wecom/contacts/add')
      .send({ userid: 'max', externalUserId: contactId, withWelcomeCode: false })
      .expect(200);
    await api
      .post('/sandbox/wecom/contacts/customer-deletes')
      .send({ userid: 'lily', externalUserId: contactId })
      .expect(200);
    await api
      .post('/sandbox/wecom/contacts/consultant-deletes')
      .send({ userid: 'max', externalUserId: contactId })
      .expect(200);
    await fake.control.idle();
    expect(rx.events.map((e) => [e.ChangeType, e.UserID, e.WelcomeCode])).toEqual([
      ['add_external_contact', 'max', undefined],
      ['del_follow_user', 'lily', undefined],
      ['del_external_contact', 'max', undefined],
    ]);
    const state = fake.control.contactState(contactId);
    expect(state.followUsers).toEqual([
      expect.objectContaining({ userid: 'lily', deletedByCustomer: true }),
    ]);
  });

  it('answers bad control input with 400 and unknown references with 404, changing nothing', async () => {
    const before = fake.control.callbacks().length;
    const bad = await api.post('/sandbox/wecom/contacts/add').send({ userid: 'lily' }).expect(400);
    expect(bad.body.error.details.fields).toEqual([
      expect.objectContaining({ path: 'externalUserId' }),
    ]);
    await api
      .post('/sandbox/wecom/contacts/add')
      .send({ userid: 'nobody', externalUserId: contactId })
      .expect(404);
    expect(fake.control.callbacks()).toHaveLength(before);
  });
});
