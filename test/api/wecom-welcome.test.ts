import { ManualClock } from '@circles/server/src/lib/clock';
import { ManualClock as FakeClock } from '@circles/server/src/sandbox/common/clock';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

jest.setTimeout(120_000);

let t: WeComTestApp;
beforeAll(async () => {
  t = await startWeComApp();
});
afterAll(() => t.close());

const calls = (api: string) => t.wecom.state.calls.get(api) ?? 0;
const miniprogramOf = (ext: string) =>
  (t.wecom.control.contactState(ext).welcomeMessages[0]?.attachments ?? []) as Array<{
    msgtype: string;
    miniprogram?: { pic_media_id: string };
  }>;

describe('welcome message picture (media/upload)', () => {
  it('uploads the card image once and reuses the media id', async () => {
    await t.consultant('wm-ada');
    const before = calls('media/upload');
    const a = await t.customerAdds('wm-ada', { name: '欢迎一' });
    const b = await t.customerAdds('wm-ada', { name: '欢迎二' });
    const [ma] = miniprogramOf(a.externalUserId);
    const [mb] = miniprogramOf(b.externalUserId);
    expect(ma?.miniprogram?.pic_media_id).toBeTruthy();
    expect(mb?.miniprogram?.pic_media_id).toBe(ma?.miniprogram?.pic_media_id);
    expect(calls('media/upload') - before).toBeLessThanOrEqual(1);
    expect(t.wecom.state.media.get(ma!.miniprogram!.pic_media_id)).toMatchObject({
      type: 'image',
    });
  });

  it('uploads a new picture before the 3-day media id expires', async () => {
    const media = t.container.services.wecomWelcome!.media;
    const first = await media.mediaId();
    await media.store.updateOne(
      {},
      { $set: { uploadedAt: new Date(Date.now() - 2.6 * 86_400_000) } },
    );
    const second = await media.mediaId();
    expect(second).not.toBe(first);
  });

  it('still sends the text when the picture is refused', async () => {
    await t.consultant('wm-bea');
    t.wecom.control.injectError('media/upload', 48002, 5);
    await t.container.services.wecomWelcome!.media.store.deleteMany({});
    const { externalUserId } = await t.customerAdds('wm-bea', { name: '无图欢迎' });
    const msgs = t.wecom.control.contactState(externalUserId).welcomeMessages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toContain('欢迎');
    expect(msgs[0]!.attachments).toEqual([]);
    t.wecom.state.errors.clear();
  });

  it('still sends the text when WeCom rejects the media id', async () => {
    await t.consultant('wm-cy');
    const id = await t.container.services.wecomWelcome!.media.mediaId();
    t.wecom.state.media.delete(id); // gone upstream (expired) although our cache says otherwise
    const { externalUserId } = await t.customerAdds('wm-cy', { name: '过期图片' });
    const msgs = t.wecom.control.contactState(externalUserId).welcomeMessages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toContain('欢迎');
  });
});

describe('welcome fast lane', () => {
  // How fast a burst is welcomed on this machine is a figure of `npm run bench:welcome -w
  // server`; here both clocks stand still, so the test checks that every add of a burst is
  // welcomed exactly once however loaded the machine is.
  it('welcomes every add of a burst of 200 exactly once', async () => {
    const app = await startWeComApp({ clock: new ManualClock(new Date()) });
    app.wecom.control.useClock(new FakeClock());
    try {
      await app.consultant('wm-burst');
      const contacts = Array.from({ length: 200 }, (_, i) =>
        app.wecom.control.createExternalContact({ name: `高峰${i}` }),
      );
      for (const c of contacts) {
        app.wecom.control.customerAddsConsultant({
          userid: 'wm-burst',
          externalUserId: c.externalUserId,
        });
      }
      await app.settle();
      const welcomed = contacts.map(
        (c) => app.wecom.control.contactState(c.externalUserId).welcomeMessages.length,
      );
      expect(welcomed.filter((n) => n === 1)).toHaveLength(200);
      expect(app.wecom.state.calls.get('externalcontact/send_welcome_msg')).toBe(200);
      const sent = await app.container.services.relations.m.Relation.countDocuments({
        consultantUserId: 'wm-burst',
        welcomeSentAt: { $ne: null },
      });
      expect(sent).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('welcome after the window', () => {
  it('does not retry send_welcome_msg once 20 s have passed', async () => {
    const clock = new ManualClock(new Date());
    const app = await startWeComApp({ clock });
    try {
      await app.consultant('wm-late');
      // Every attempt in the first round fails as a transport error would.
      app.wecom.control.injectError('externalcontact/send_welcome_msg', -1, 4);
      const { externalUserId } = await app.customerAdds('wm-late', { name: '迟到欢迎' });
      const sent = app.wecom.state.calls.get('externalcontact/send_welcome_msg') ?? 0;
      clock.advance(25_000);
      for (const kind of ['wecom.welcome']) app.container.services.wecomQueue.kick(kind);
      await app.settle();
      expect(app.wecom.state.calls.get('externalcontact/send_welcome_msg') ?? 0).toBe(sent);
      expect(app.wecom.control.contactState(externalUserId).welcomeMessages).toEqual([]);
      const items = await app.container.services.wecomQueue.Item.find({
        kind: 'wecom.welcome',
      }).lean();
      expect(items.map((i) => i.status)).toEqual(['done']);
    } finally {
      await app.close();
    }
  });
});
