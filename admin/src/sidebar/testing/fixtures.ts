import type { FollowUpView, SidebarCustomerResponse, TagGroupView } from '@circles/shared';
import { type FetchMock, fakeResponse } from '../../../jest/fakeFetch';

export const CONSULTANT = { userId: 'zhangsan', name: '张三', store: '静安嘉里店' };

export function sessionBody(token = 'consultant-token-1') {
  return {
    token,
    expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
    consultant: CONSULTANT,
  };
}

export const SIGNATURE = {
  corpId: 'ww-corp',
  agentId: '1000002',
  config: { timestamp: 1_700_000_000, nonceStr: 'n1', signature: 'a'.repeat(40) },
  agentConfig: { timestamp: 1_700_000_000, nonceStr: 'n2', signature: 'b'.repeat(40) },
  sandbox: true,
};

export function tagGroups(styleOn = false): TagGroupView[] {
  return [
    {
      groupId: 'g-tier',
      groupName: '会员等级',
      system: true,
      tags: [{ tagId: 't-gold', name: '金卡', source: 'system' }],
      options: [
        { tagId: 't-silver', name: '银卡' },
        { tagId: 't-gold', name: '金卡' },
      ],
    },
    {
      groupId: 'g-style',
      groupName: '穿搭偏好',
      system: false,
      tags: [
        { tagId: 't-minimal', name: '简约', source: 'wecom' },
        ...(styleOn ? [{ tagId: 't-vintage', name: '复古', source: 'circles' as const }] : []),
      ],
      options: [
        { tagId: 't-minimal', name: '简约' },
        { tagId: 't-vintage', name: '复古' },
      ],
    },
  ];
}

/**
 * A playbook (运营剧本) task as the 唤醒三板斧 step creates it: the script lines to say and the
 * outcomes the consultant picks from. Due after the hand-made follow-up, yet listed first.
 */
export function playbookFollowUp(overrides: Partial<FollowUpView> = {}): FollowUpView {
  return {
    id: 'b'.repeat(24),
    kind: 'playbook',
    title: '第一板斧：1v1 问候并送老友回归礼',
    playbook: [
      '李小姐您好，好久不见！新季到店了，给您预留了一份老友回归礼，方便时来店里试穿～',
      '如果最近不方便到店，也可以告诉我尺码，我先帮您留货。',
    ],
    dueAt: '2026-12-03T15:59:59.000Z',
    status: 'open',
    outcomes: ['已联系', '未回复', '不感兴趣'],
    outcome: null,
    consultantUserId: 'zhangsan',
    createdAt: '2026-11-30T02:00:00.000Z',
    doneAt: null,
    ...overrides,
  };
}

/** A linked gold member with a bit of everything the card can show. */
export function customer(
  overrides: Partial<SidebarCustomerResponse> = {},
): SidebarCustomerResponse {
  return {
    externalUserId: 'wmCustomer01',
    linked: true,
    contact: {
      externalUserId: 'wmCustomer01',
      name: '李小姐',
      avatar: null,
      type: 1,
      corpName: null,
      addedAt: '2026-03-02T02:00:00.000Z',
      remark: '李女士-静安',
    },
    member: {
      memberNo: 'M00012345',
      nickname: '小李',
      avatarUrl: null,
      tier: { code: 'gold', name: '金卡会员', rank: 2, color: '#c9a063' },
      growth: 3200,
      nextTier: { code: 'platinum', name: '铂金卡', growthNeeded: 1800 },
      progress: 0.64,
      tierValidUntil: '2027-06-30T15:59:59.000Z',
      totalSpend: 1_288_800,
      orderCount: 14,
      points: { balance: 5230 },
      wallet: { balance: 50_000 },
      value: {
        segment: 'at_risk',
        segmentName: '高价值流失风险',
        pAlive: 0.42,
        clv12m: 360_000,
        riskFlags: [{ kind: 'no_purchase_90d', title: '90 天未消费', severity: 'warning' }],
      },
    },
    recentOrders: [
      {
        orderNo: 'SO20261101001',
        paidAt: '2026-11-01T06:30:00.000Z',
        amount: 128_800,
        status: 'paid',
        storeName: '静安嘉里店',
      },
    ],
    perks: [
      {
        perkCode: 'birthday-gift',
        perkName: '生日礼',
        status: 'claimed',
        redemptionCode: 'RC8842',
        expiresAt: '2026-12-31T15:59:59.000Z',
      },
      {
        perkCode: 'free-alter',
        perkName: '免费修改',
        status: 'used',
        redemptionCode: 'RC1000',
        expiresAt: null,
      },
    ],
    upcomingEvents: [],
    tagGroups: tagGroups(),
    notes: [
      {
        id: 'n1',
        text: '喜欢浅色羊绒',
        consultantUserId: 'zhangsan',
        consultantName: '张三',
        createdAt: '2026-10-01T02:00:00.000Z',
      },
    ],
    followUps: [
      {
        id: 'f'.repeat(24),
        kind: 'winback',
        title: '90 天未到店，邀约试穿新品',
        playbook: ['发送新品图片', '邀约周末到店'],
        dueAt: '2026-11-30T15:59:59.000Z',
        status: 'open',
        outcomes: [],
        outcome: null,
        consultantUserId: 'zhangsan',
        createdAt: '2026-11-20T02:00:00.000Z',
        doneAt: null,
      },
    ],
    invite: null,
    ...overrides,
  };
}

type Handler = (init: RequestInit | undefined, url: URL) => Response | Promise<Response>;

/**
 * Answers fetch by "METHOD /path" (query ignored); an unrouted call fails the test loudly
 * instead of hanging. Returns the list of calls made, as "METHOD /path?query".
 */
export function routeFetch(fetchMock: FetchMock, routes: Record<string, Handler>): string[] {
  const calls: string[] = [];
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(input, 'http://sidebar.test');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    calls.push(`${key}${url.search}`);
    const handler = routes[key];
    if (!handler) return fakeResponse(599, undefined, `unrouted ${key}`);
    return handler(init, url);
  });
  return calls;
}

export const json = (status: number, body: unknown) => () => fakeResponse(status, body);

export function bodyOf(init: RequestInit | undefined): unknown {
  return typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
}

export function headerOf(init: RequestInit | undefined, name: string): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.[name];
}
