import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Container } from '../../container';

export interface DemoConsultant {
  userid: string;
  name: string;
  store: string;
}

/** Consultant userids match the ones the demo orders were sold by (`demo-ca-<store>-<n>`). */
export const DEMO_CONSULTANTS: readonly DemoConsultant[] = [
  { userid: 'demo-ca-SH01-1', name: '林悦', store: '上海南京西路旗舰店' },
  { userid: 'demo-ca-BJ01-1', name: '周晴', store: '北京三里屯旗舰店' },
  { userid: 'demo-ca-HZ01-1', name: '沈佳', store: '杭州湖滨银泰in77店' },
];

/** Tag groups a brand's WeCom admin would have made for its consultants. */
const DEMO_TAG_GROUPS = [
  { groupName: '兴趣偏好', tags: ['羊绒', '皮具', '香氛', '珠宝配饰'] },
  { groupName: '沟通偏好', tags: ['偏好微信沟通', '偏好电话', '周末到店'] },
  { groupName: '客户来源', tags: ['门店到访', '直播间', '老客推荐'] },
];

const NEWCOMERS = ['新朋友·小周', '路过的王女士', '陈先生（到店咨询）'];

/** A stable external_userid per member, shaped like WeCom's (wm + 30 chars). */
function externalIdOf(seed: string): string {
  return `wm${createHash('sha256').update(seed).digest('base64url').slice(0, 30)}`;
}

export interface DemoWeComSummary {
  consultants: number;
  customers: number;
  /** Customers WeCom can match to a member by unionid. */
  members: number;
}

/**
 * Fills an empty sandbox WeCom with the demo brand's consultants and their best customers, who
 * "add" their consultant through the real encrypted callback path (welcome message, member link
 * by unionid, tier tags). Customers without a bound unionid stay unlinked, as upstream, and a
 * few walk-in contacts have no membership at all, so the sidebar shows its invite card.
 * Does nothing when the fake already knows consultants (e.g. restored after a restart).
 */
export async function populateDemoWeCom(
  c: Container,
  opts: { consultants?: readonly DemoConsultant[]; perConsultant?: number } = {},
): Promise<DemoWeComSummary | null> {
  const fake = c.services.integrations.sandbox?.wecom;
  if (!fake || fake.control.listConsultants().length > 0) return null;
  const consultants = opts.consultants ?? DEMO_CONSULTANTS;
  const per = opts.perConsultant ?? 12;
  const { Order } = c.services.orders.m;
  const { Member, Identity } = c.services.members.m;

  const best = await Order.aggregate<{ _id: { u: string; m: Types.ObjectId }; spend: number }>([
    { $match: { consultantUserId: { $in: consultants.map((x) => x.userid) } } },
    { $group: { _id: { u: '$consultantUserId', m: '$memberId' }, spend: { $sum: '$amount' } } },
    { $sort: { spend: -1 } },
  ]);
  const candidates = [...new Map(best.map((r) => [String(r._id.m), r._id.m])).values()];
  const unionids = await Identity.find(
    { memberId: { $in: candidates }, kind: 'unionid' },
    { memberId: 1, value: 1 },
  ).lean();
  const unionid = new Map(unionids.map((i) => [String(i.memberId), i.value]));
  // Mostly customers WeCom can match to a member (same WeChat open platform, so a unionid),
  // plus one whose WeChat account is not bound, who shows up unlinked.
  const picks = new Map<string, { linked: Types.ObjectId[]; unbound: Types.ObjectId[] }>();
  for (const row of best) {
    const p = picks.get(row._id.u) ?? { linked: [], unbound: [] };
    picks.set(row._id.u, p);
    if (unionid.has(String(row._id.m))) {
      if (p.linked.length < per - 1) p.linked.push(row._id.m);
    } else if (p.unbound.length < 1) p.unbound.push(row._id.m);
  }
  const memberIds = [...picks.values()].flatMap((p) => [...p.linked, ...p.unbound]);
  const members = await Member.find(
    { _id: { $in: memberIds }, status: 'active' },
    { nickname: 1 },
  ).lean();
  const nickname = new Map(members.map((m) => [String(m._id), m.nickname]));

  // Made in the WeCom admin console, so the server learns them from the change_external_tag
  // callbacks, as it would upstream.
  const existing = new Set(fake.state.tags.list().map((g) => g.name));
  for (const g of DEMO_TAG_GROUPS)
    if (!existing.has(g.groupName)) fake.control.consoleCreateTags(g);

  let customers = 0;
  const add = async (userid: string, externalUserId: string) => {
    fake.control.customerAddsConsultant({ userid, externalUserId, state: 'demo' });
    customers++;
    // Let the server keep up: each add is an encrypted callback plus WeCom API calls back.
    if (customers % 20 === 0) await fake.control.idle();
  };
  for (const [i, who] of consultants.entries()) {
    fake.control.createConsultant({ ...who });
    const p = picks.get(who.userid);
    for (const memberId of p ? [...p.linked, ...p.unbound] : []) {
      const key = String(memberId);
      const name = nickname.get(key);
      if (name === undefined) continue;
      const externalUserId = externalIdOf(key);
      if (!fake.state.directory.contacts.has(externalUserId)) {
        const u = unionid.get(key);
        fake.control.createExternalContact({
          externalUserId,
          name: name || '微信用户',
          ...(u ? { unionid: u } : {}),
        });
      }
      await add(who.userid, externalUserId);
    }
    const walkIn = NEWCOMERS[i % NEWCOMERS.length]!;
    const externalUserId = externalIdOf(`walk-in:${who.userid}`);
    fake.control.createExternalContact({ externalUserId, name: walkIn });
    await add(who.userid, externalUserId);
  }
  await fake.control.idle();
  const linked = [...picks.values()].reduce((n, p) => n + p.linked.length, 0);
  return { consultants: consultants.length, customers, members: linked };
}
