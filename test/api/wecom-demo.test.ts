import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoBrand } from '@circles/server/src/modules/seed/seed';
import { DEMO_CONSULTANTS, populateDemoWeCom } from '@circles/server/src/sandbox/wecom/wecom-demo';
import { persistFakeWeCom } from '@circles/server/src/sandbox/wecom/wecom-persist';
import { FakeWeComState } from '@circles/server/src/sandbox/wecom/wecom-fake-state';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

describe('sandbox WeCom demo directory', () => {
  let t: WeComTestApp;
  // Seeding the demo brand takes ~10 s on a quiet machine; the limit only stops a hang.
  beforeAll(async () => {
    t = await startWeComApp();
    await seedDemoBrand(t.container, { members: 600, seed: 7 });
  }, 120_000);
  afterAll(() => t.close());

  it('gives each demo consultant their best customers, linked through the real callbacks', async () => {
    const s = await populateDemoWeCom(t.container, { perConsultant: 5 });
    await t.settle();
    expect(s).not.toBeNull();
    expect(s!.consultants).toBe(3);
    // Up to five members per consultant plus one walk-in contact each.
    expect(s!.customers).toBeGreaterThanOrEqual(6);

    const lin = DEMO_CONSULTANTS[0]!;
    const res = await t.http.get(`/sandbox/wecom/consultants/${lin.userid}/customers`).expect(200);
    const customers = res.body.customers as { externalUserId: string; name: string }[];
    expect(customers.length).toBeGreaterThanOrEqual(2);

    const { token } = await (async () => {
      const code = t.wecom.control.issueOAuthCode({ userid: lin.userid });
      const r = await t.http.post('/api/sidebar/session').send({ code }).expect(200);
      return { token: r.body.token as string };
    })();
    const cards = await Promise.all(
      customers.map((c) =>
        t.http
          .get(`/api/sidebar/customers/${c.externalUserId}`)
          .set('authorization', `Bearer ${token}`)
          .expect(200)
          .then((r) => r.body as { linked: boolean; member: { memberNo: string } | null }),
      ),
    );
    // Members with a bound unionid are recognised; the walk-in gets the invite card.
    expect(cards.some((c) => c.linked && c.member)).toBe(true);
    expect(cards.some((c) => !c.linked)).toBe(true);
    const first = customers[0]!.externalUserId;
    const state = t.wecom.control.contactState(first);
    expect(state.followUsers.map((f) => f.userid)).toContain(lin.userid);

    // The demo corp tags reached the server through the console's callbacks, so the consultant
    // can tag the customer and the tag lands on the WeCom side.
    const card = await t.http
      .get(`/api/sidebar/customers/${first}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const groups = card.body.tagGroups as {
      groupName: string;
      system: boolean;
      options: { tagId: string; name: string }[];
    }[];
    const interests = groups.find((g) => g.groupName === '兴趣偏好' && !g.system);
    expect(interests?.options.map((o) => o.name).sort()).toEqual(
      ['羊绒', '皮具', '香氛', '珠宝配饰'].sort(),
    );
    await t.http
      .put(`/api/sidebar/customers/${first}/tags`)
      .set('authorization', `Bearer ${token}`)
      .send({ add: [interests!.options.find((o) => o.name === '羊绒')!.tagId], remove: [] })
      .expect(200);
    await t.settle();
    const mine = t.wecom.control
      .contactState(first)
      .followUsers.find((f) => f.userid === lin.userid);
    expect(mine?.tags.map((x) => x.name)).toContain('羊绒');

    // A finished value run puts each followed member's segment (价值分层) on their WeCom contact.
    await t.container.services.valueJob.run();
    await t.settle();
    const linkedCard = cards.find((c) => c.linked)!;
    const linkedId = customers[cards.indexOf(linkedCard)]!.externalUserId;
    const value = await t.http
      .get(`/api/sidebar/customers/${linkedId}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const segment = value.body.member.value?.segmentName as string;
    expect(segment).toBeTruthy();
    const onWeCom = t.wecom.control
      .contactState(linkedId)
      .followUsers.find((f) => f.userid === lin.userid)!.tags;
    expect(onWeCom).toContainEqual(
      expect.objectContaining({ groupName: '价值分层', name: segment }),
    );

    // Once the fake knows consultants (e.g. restored from disk on a restart) nobody is added again.
    expect(await populateDemoWeCom(t.container)).toBeNull();
  });

  it('keeps people, relations and corp tags across a restart, and ignores a broken file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wecom-state-'));
    const file = path.join(dir, 'wecom.json');
    const opts = {
      corpId: 'ww1',
      agentId: 1,
      agentSecret: 's',
      callback: { token: 't', encodingAesKey: 'k'.repeat(43) },
    };
    const logger = { warn: jest.fn() } as unknown as Parameters<typeof persistFakeWeCom>[2];
    try {
      const a = new FakeWeComState(opts);
      const saved = persistFakeWeCom(a, file, logger, 60_000);
      a.directory.addConsultant({ userid: 'u1', name: '导购一' });
      const contact = a.directory.addContact({ name: '客户甲', unionid: 'un1' });
      const tag = a.tags.add('console', { groupName: '兴趣', tags: [{ name: '羊绒' }] });
      if (!('ok' in tag)) throw new Error(`tag add refused: ${tag.errcode}`);
      const tagId = tag.ok.created[0]!.id;
      a.directory.setFollow({
        userid: 'u1',
        externalUserId: contact.externalUserId,
        remark: '老客',
        description: '',
        createTime: 1,
        tagIds: new Set([tagId]),
        addWay: 1,
        deletedByCustomer: false,
      });
      saved.stop();

      const b = new FakeWeComState(opts);
      persistFakeWeCom(b, file, logger, 60_000).stop();
      expect(b.directory.consultant('u1').name).toBe('导购一');
      expect(b.directory.contact(contact.externalUserId).unionid).toBe('un1');
      const f = b.directory.requireFollow('u1', contact.externalUserId);
      expect([...f.tagIds]).toEqual([tagId]);
      expect(f.remark).toBe('老客');
      expect(b.tags.findTag(tagId)?.tag.name).toBe('羊绒');
      expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);

      writeFileSync(file, '{not json');
      const c = new FakeWeComState(opts);
      persistFakeWeCom(c, file, logger, 60_000).stop();
      expect(c.directory.consultants.size).toBe(0);
      expect(logger.warn).toHaveBeenCalled();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
