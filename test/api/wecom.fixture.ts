import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContainerOverrides } from '@circles/server/src/container';
import type { WeComSandbox } from '@circles/server/src/integrations/wecom/build';
import { type TestApp, startTestApp } from './helpers/app';
import { bearer } from './helpers/admin';
import { loginMember } from './helpers/member';

/** Every queue kind the WeCom module handles (kick them all when draining). */
const KINDS = [
  'wecom.event',
  'wecom.welcome',
  'wecom.backfill',
  'wecom.daily',
  'wecom.segments',
  'tags.push',
  'tags.system',
  'tags.tier',
];

export interface WeComTestApp extends TestApp {
  wecom: WeComSandbox;
  /** Where the fake posts callbacks (the app listening on loopback). */
  callbackUrl: string;
  /** Waits until delivered callbacks and every due queue item have been processed. */
  settle(): Promise<void>;
  consultant(
    userid: string,
    name?: string,
  ): Promise<{ token: string; auth: Record<string, string> }>;
  /** A WeChat contact (optionally a member by unionid) who adds the consultant. */
  customerAdds(
    userid: string,
    contact: { name: string; unionid?: string },
  ): Promise<{ externalUserId: string; welcomeCode: string | null }>;
  member(
    openid: string,
    unionid: string,
  ): Promise<{ memberId: string; memberNo: string; tierName: string }>;
}

/** The app on a loopback port, with the fake WeCom pushing its callbacks there. */
export async function startWeComApp(overrides: ContainerOverrides = {}): Promise<WeComTestApp> {
  const t = await startTestApp({}, overrides);
  const server = http.createServer(t.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/wecom`;
  const wecom = t.container.services.integrations.sandbox?.wecom;
  if (!wecom) throw new Error('the test app runs without the WeCom fake');
  wecom.control.setCallbackUrl(callbackUrl);
  const queue = t.container.services.wecomQueue;

  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      await wecom.control.idle();
      await queue.idle();
      const due = await queue.Item.countDocuments({
        status: { $in: ['pending', 'running'] },
        runAfter: { $lte: t.container.clock.now() },
      });
      if (due === 0) return;
      for (const kind of KINDS) queue.kick(kind);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the WeCom queue did not settle');
  };

  return {
    ...t,
    wecom,
    callbackUrl,
    settle,
    async consultant(userid, name = `导购${userid}`) {
      wecom.control.createConsultant({ userid, name, store: '上海静安店' });
      const code = wecom.control.issueOAuthCode({ userid });
      const res = await t.http.post('/api/sidebar/session').send({ code }).expect(200);
      return { token: res.body.token as string, auth: bearer(res.body.token as string) };
    },
    async customerAdds(userid, contact) {
      const c = wecom.control.createExternalContact(contact);
      const out = wecom.control.customerAddsConsultant({
        userid,
        externalUserId: c.externalUserId,
      });
      await settle();
      return { externalUserId: c.externalUserId, welcomeCode: out.welcomeCode ?? null };
    },
    async member(openid, unionid) {
      const m = await loginMember(t, openid, unionid);
      const doc = await t.container.services.members.byMemberNo(m.member.memberNo);
      if (!doc) throw new Error('member not stored');
      return { memberId: String(doc._id), memberNo: doc.memberNo, tierName: m.member.tier.name };
    },
    async close() {
      await wecom.control.idle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await t.close();
    },
  };
}
