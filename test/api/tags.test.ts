import type { Types } from 'mongoose';
import { order, signedPost } from './helpers/member';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

// Several helpers share two cores: the app start and callback round trips can be slow.
jest.setTimeout(30_000);

let t: WeComTestApp;
let auth: Record<string, string>;
let externalUserId: string;
let memberId: Types.ObjectId;
let style: { commute: string; casual: string };

beforeAll(async () => {
  t = await startWeComApp();
  const m = await t.member('o-tag-1', 'u-tag-1');
  ({ auth } = await t.consultant('tina'));
  ({ externalUserId } = await t.customerAdds('tina', { name: '标签客户', unionid: 'u-tag-1' }));
  memberId = (await t.container.services.relations.memberOf(externalUserId))!;
  expect(String(memberId)).toBe(m.memberId);
  // Staff create a tag group in the WeCom admin console (fires change_external_tag).
  const group = t.wecom.control.consoleCreateTags({
    groupName: '风格偏好',
    tags: ['通勤', '休闲'],
  });
  await t.settle();
  const id = (name: string) => group.tags.find((x) => x.name === name)!.id;
  style = { commute: id('通勤'), casual: id('休闲') };
});
afterAll(() => t.close());

const wecomTags = () =>
  t.wecom.control
    .contactState(externalUserId)
    .followUsers.find((f) => f.userid === 'tina')!
    .tags.map((x) => `${x.groupName}/${x.name}`)
    .sort();

const memberTags = async () =>
  (await t.container.services.tags.tagsOf(memberId)).map((x) => `${x.groupName}/${x.name}`).sort();

async function collect(it: AsyncIterable<Types.ObjectId>) {
  const out: string[] = [];
  for await (const id of it) out.push(String(id));
  return out;
}

describe('tags, WeCom → Circles', () => {
  it('mirrors the corp tag library after a console change', async () => {
    const groups = await t.container.services.tags.groups();
    const names = groups.find((g) => g.groupName === '风格偏好')?.tags.map((x) => x.name);
    expect(names?.sort()).toEqual(['休闲', '通勤']);
  });

  it('pulls a tag a consultant set in WeCom into the member', async () => {
    t.wecom.control.consoleMarkTags({ userid: 'tina', externalUserId, addTag: [style.commute] });
    await t.settle();
    expect(await memberTags()).toContain('风格偏好/通勤');
    expect(await collect(t.container.services.tags.memberIdsWithTag(style.commute))).toEqual([
      String(memberId),
    ]);
  });
});

describe('tags, Circles → WeCom', () => {
  it('pushes a sidebar edit to WeCom with mark_tag, keeping the others', async () => {
    const res = await t.http
      .put(`/api/sidebar/customers/${externalUserId}/tags`)
      .set(auth)
      .send({ add: [style.casual] })
      .expect(200);
    const styleGroup = res.body.tagGroups.find(
      (g: { groupName: string }) => g.groupName === '风格偏好',
    );
    expect(styleGroup.tags.map((x: { name: string }) => x.name).sort()).toEqual(['休闲', '通勤']);
    await t.settle();
    expect(wecomTags()).toEqual(expect.arrayContaining(['风格偏好/休闲', '风格偏好/通勤']));
    expect(wecomTags().some((x) => x.startsWith('会员等级/'))).toBe(true);
  });

  it('removes a tag in WeCom when it is removed in Circles', async () => {
    await t.http
      .put(`/api/sidebar/customers/${externalUserId}/tags`)
      .set(auth)
      .send({ remove: [style.commute] })
      .expect(200);
    await t.settle();
    expect(wecomTags()).not.toContain('风格偏好/通勤');
    expect(await memberTags()).not.toContain('风格偏好/通勤');
  });

  it('refuses to edit a system tag from the sidebar and changes nothing', async () => {
    const tier = (await t.container.services.tags.tagsOf(memberId)).find(
      (x) => x.group === 'tier',
    )!;
    const before = await memberTags();
    const res = await t.http
      .put(`/api/sidebar/customers/${externalUserId}/tags`)
      .set(auth)
      .send({ remove: [tier.tagId] });
    expect(res.status).toBe(400);
    expect(await memberTags()).toEqual(before);
  });

  it('replaces the tier tag when the tier changes and adds the segment tag', async () => {
    await t.container.services.tags.setSystemTag(memberId, 'tier', '金卡');
    await t.container.services.tags.setSystemTag(memberId, 'segment', '重要价值客户');
    await t.settle();
    const tags = wecomTags();
    expect(tags.filter((x) => x.startsWith('会员等级/'))).toEqual(['会员等级/金卡']);
    expect(tags).toContain('价值分层/重要价值客户');
    expect(await memberTags()).toEqual(
      expect.arrayContaining(['会员等级/金卡', '价值分层/重要价值客户']),
    );
  });

  it('retries a failed mark_tag from the queue', async () => {
    t.wecom.control.injectError('externalcontact/mark_tag', 48002, 1);
    await t.http
      .put(`/api/sidebar/customers/${externalUserId}/tags`)
      .set(auth)
      .send({ add: [style.commute] })
      .expect(200);
    await t.settle();
    const queue = t.container.services.wecomQueue;
    const key = `tags.push:tina:${externalUserId}`;
    const failed = await queue.Item.findOne({ key }).lean();
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed?.lastError).toMatch(/48002/);
    expect(wecomTags()).not.toContain('风格偏好/通勤');
    // The backoff has passed: the next poll runs it again.
    await queue.Item.updateOne({ key }, { $set: { runAfter: new Date(0) } });
    await t.settle();
    expect(await queue.Item.findOne({ key }).lean()).toMatchObject({ status: 'done' });
    expect(wecomTags()).toContain('风格偏好/通勤');
  });
});

describe('tier tag follows the tier', () => {
  it('moves the WeCom tier tag when an order lifts the member a tier', async () => {
    const m = await t.member('o-tag-2', 'u-tag-2');
    const { externalUserId: ext } = await t.customerAdds('tina', {
      name: '升级客户',
      unionid: 'u-tag-2',
    });
    const tierTags = () =>
      t.wecom.control
        .contactState(ext)
        .followUsers.find((f) => f.userid === 'tina')!
        .tags.filter((x) => x.groupName === '会员等级')
        .map((x) => x.name);
    expect(tierTags()).toEqual([m.tierName]);
    await signedPost(
      t,
      '/api/integrations/orders',
      order({ memberNo: m.memberNo }, 600_000),
    ).expect(200);
    await t.settle();
    expect(tierTags()).toEqual(['金卡']);
  });
});

describe('daily sync', () => {
  it('corrects a tier tag that drifted and runs once per day', async () => {
    const s = t.container.services;
    // The first member's tier tag was set by hand to 金卡 above, though the tier never changed.
    const before = (await s.tags.tagsOf(memberId)).find((x) => x.group === 'tier');
    expect(before?.name).toBe('金卡');
    expect(await s.wecomDailySync.schedule()).toBe(true);
    expect(await s.wecomDailySync.schedule()).toBe(false);
    await t.settle();
    const member = await s.members.require(memberId);
    const ladder = await s.tiers.ladder();
    const tierName = ladder.tiers.find((x) => x.code === member.tierCode)!.name;
    expect((await s.tags.tagsOf(memberId)).find((x) => x.group === 'tier')?.name).toBe(tierName);
    expect(wecomTags().filter((x) => x.startsWith('会员等级/'))).toEqual([`会员等级/${tierName}`]);
  });
});
