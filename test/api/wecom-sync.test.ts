import { startWeComApp, type WeComTestApp } from './wecom.fixture';

// Backfills page through thousands of relations on two shared cores.
jest.setTimeout(120_000);

let t: WeComTestApp;
beforeAll(async () => {
  t = await startWeComApp();
});
afterAll(() => t.close());

const calls = (api: string) => t.wecom.state.calls.get(api) ?? 0;
const relation = (userid: string, ext: string) =>
  t.container.services.relations.relation(userid, ext);

/** A customer who added the consultant with no callback reaching us (before Circles, or lost). */
function silentAdd(userid: string, contact: { name: string; unionid?: string }) {
  const c = t.wecom.control.createExternalContact(contact);
  t.wecom.control.customerAddsConsultant({
    userid,
    externalUserId: c.externalUserId,
    callback: false,
  });
  return c.externalUserId;
}

describe('backfill of existing customers (batch/get_by_user)', () => {
  it('records relations that predate the callback URL and links members by unionid', async () => {
    const m = await t.member('o-bf-1', 'u-bf-1');
    await t.consultant('bf-anna');
    const linked = silentAdd('bf-anna', { name: '老客户', unionid: 'u-bf-1' });
    const plain = silentAdd('bf-anna', { name: '老路人' });
    expect(await relation('bf-anna', linked)).toBeNull();

    const report = await t.container.services.wecomBackfill.run();
    expect(report).toMatchObject({ done: true });
    expect(await relation('bf-anna', linked)).toMatchObject({ state: 'active' });
    expect(String((await relation('bf-anna', linked))?.memberId)).toBe(m.memberId);
    expect(await relation('bf-anna', plain)).toMatchObject({ state: 'active', memberId: null });
    // A backfill is not an add: nobody gets a welcome message for an old relation.
    expect(t.wecom.control.contactState(linked).welcomeMessages).toEqual([]);
  });

  it('pages a consultant with more than 1,000 customers 100 at a time', async () => {
    await t.consultant('bf-big');
    const ids: string[] = [];
    for (let i = 0; i < 1_050; i++) ids.push(silentAdd('bf-big', { name: `客户${i}` }));
    const before = calls('externalcontact/batch/get_by_user');
    await t.container.services.wecomBackfill.run();
    const pages = calls('externalcontact/batch/get_by_user') - before;
    // Every relation of the corp is paged; 1,050 of them need at least 11 pages of 100.
    expect(pages).toBeGreaterThanOrEqual(11);
    const active = await t.container.services.relations.m.Relation.countDocuments({
      consultantUserId: 'bf-big',
      state: 'active',
    });
    expect(active).toBe(1_050);
  });

  it('resumes a run cut short from its checkpoint', async () => {
    await t.consultant('bf-resume');
    for (let i = 0; i < 250; i++) silentAdd('bf-resume', { name: `续跑${i}` });
    const svc = t.container.services.wecomBackfill;
    const before = calls('externalcontact/batch/get_by_user');
    const first = await svc.run({ maxPages: 2 });
    expect(first).toMatchObject({ done: false });
    const rest = await svc.run();
    expect(rest).toMatchObject({ done: true });
    const total = calls('externalcontact/batch/get_by_user') - before;
    // The second run continued after the two pages the first one did, not from the start.
    const corpRelations = [...t.wecom.control.listConsultants()]
      .map((c) => t.wecom.control.customersOf(c.userid).length)
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(Math.ceil(corpRelations / 100));
  });

  it('ends relations deleted upstream whose callback never came, without an alert', async () => {
    const raised: unknown[] = [];
    const real = t.container.services.wecomPorts.alerts;
    t.container.services.wecomPorts.alerts = { raise: async (a) => void raised.push(a) };
    await t.consultant('bf-del');
    const { externalUserId } = await t.customerAdds('bf-del', { name: '悄悄删除' });
    t.wecom.control.consultantDeletesCustomer({
      userid: 'bf-del',
      externalUserId,
      callback: false,
    });
    await t.container.services.wecomBackfill.run();
    expect(await relation('bf-del', externalUserId)).toMatchObject({ state: 'ended' });
    expect(raised).toEqual([]);
    t.container.services.wecomPorts.alerts = real;
  });

  it('is queued on first connect and by the nightly sync', async () => {
    const items = await t.container.services.wecomQueue.Item.find({
      kind: 'wecom.backfill',
    }).lean();
    expect(items.map((i) => i.key)).toContain('wecom.backfill:initial');
    await t.container.services.wecomDailySync.run({ tiers: false, backfill: true });
    expect(calls('externalcontact/get_follow_user_list')).toBeGreaterThan(0);
  });
});

describe('sidebar for a customer with no callback', () => {
  it('checks WeCom once, then opens the customer from the stored relation', async () => {
    const { auth } = await t.consultant('sb-up');
    const ext = silentAdd('sb-up', { name: '没回调的客户' });
    const before = calls('externalcontact/get');
    const first = await t.http.get(`/api/sidebar/customers/${ext}`).set(auth);
    expect(first.status).toBe(200);
    expect(first.body.contact.name).toBe('没回调的客户');
    await t.http.get(`/api/sidebar/customers/${ext}`).set(auth).expect(200);
    expect(calls('externalcontact/get') - before).toBe(1);
    expect(await relation('sb-up', ext)).toMatchObject({ state: 'active' });
  });

  it('still refuses a customer who follows someone else, asking WeCom only once', async () => {
    const { auth } = await t.consultant('sb-nosy');
    await t.consultant('sb-owner');
    const ext = silentAdd('sb-owner', { name: '别人的客户' });
    const before = calls('externalcontact/get');
    expect((await t.http.get(`/api/sidebar/customers/${ext}`).set(auth)).status).toBe(403);
    expect((await t.http.get(`/api/sidebar/customers/${ext}`).set(auth)).status).toBe(403);
    expect(calls('externalcontact/get') - before).toBe(1);
  });
});

describe('transfers', () => {
  it('ends a relation deleted by transfer without a churn alert and adds the taker', async () => {
    const raised: unknown[] = [];
    const real = t.container.services.wecomPorts.alerts;
    t.container.services.wecomPorts.alerts = { raise: async (a) => void raised.push(a) };
    await t.consultant('tr-from');
    await t.consultant('tr-to');
    const { externalUserId } = await t.customerAdds('tr-from', { name: '被转接的客户' });
    t.wecom.control.transferCustomer({
      handoverUserid: 'tr-from',
      takeoverUserid: 'tr-to',
      externalUserId,
    });
    await t.settle();
    const old = await relation('tr-from', externalUserId);
    expect(old).toMatchObject({ state: 'ended', endedBy: 'transfer' });
    expect(old?.history.map((h) => h.type)).toEqual(['added', 'transferred']);
    expect(await relation('tr-to', externalUserId)).toMatchObject({ state: 'active' });
    expect(raised).toEqual([]);
    t.container.services.wecomPorts.alerts = real;
  });

  it('records transfer_fail on the customer and keeps the relation', async () => {
    await t.consultant('tf-from');
    await t.consultant('tf-to');
    const { externalUserId } = await t.customerAdds('tf-from', { name: '拒绝转接' });
    t.wecom.control.transferFails({
      takeoverUserid: 'tf-to',
      externalUserId,
      reason: 'customer_refused',
    });
    await t.settle();
    const items = await t.container.services.wecomQueue.Item.find({
      kind: 'wecom.event',
      'payload.ChangeType': 'transfer_fail',
      'payload.ExternalUserID': externalUserId,
    }).lean();
    expect(items.map((i) => i.status)).toEqual(['done']);
    const rel = await relation('tf-from', externalUserId);
    expect(rel?.state).toBe('active');
    expect(rel?.history.at(-1)).toMatchObject({
      type: 'transfer_failed',
      reason: 'customer_refused',
    });
    expect(await relation('tf-to', externalUserId)).toBeNull();
  });
});

// Last: the 45009 block is shared by the whole app (it lives in MongoDB) for a minute.
describe('WeCom RATE_LIMITED', () => {
  it('pauses tag pushes until retryAfterMs instead of spending retries', async () => {
    await t.member('o-rl-1', 'u-rl-1');
    await t.consultant('rl-rita');
    t.wecom.control.injectError('externalcontact/mark_tag', 45009);
    const before = calls('externalcontact/mark_tag');
    await t.customerAdds('rl-rita', { name: '限流客户', unionid: 'u-rl-1' });
    await t.settle();
    expect(calls('externalcontact/mark_tag') - before).toBe(1);
    const paused = await t.container.services.wecomQueue.Item.find({
      kind: { $in: ['tags.push', 'tags.system'] },
      status: 'pending',
      lastError: /limit/,
    }).lean();
    expect(paused).toHaveLength(1);
    expect(paused[0]!.attempts).toBe(0);
    const wait = paused[0]!.runAfter.getTime() - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });
});
