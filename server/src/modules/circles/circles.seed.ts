import type { CircleRule } from '@circles/shared';
import type { Container } from '../../container';
import { isAppError } from '../../lib/errors';

const DEMO: Array<{
  id: string;
  name: string;
  color: string;
  description: string;
  rule: CircleRule;
}> = [
  {
    id: 'fabric-fans',
    name: '成分党高潜',
    color: '#13A8A8',
    description: '近 30 天多次看面料成分内容、仍在活跃期的会员：配专属面料课与羊绒护理礼',
    rule: {
      all: [
        { field: 'interest', op: 'gte', value: 3, days: 30, topic: '面料成分' },
        { field: 'pAlive', op: 'gte', value: 0.3 },
      ],
    },
  },
  {
    id: 'dormant-vip',
    name: '高净值沉睡',
    color: '#CF1322',
    description: '近一年消费 ¥5,000 以上、30 天没有再来的会员：导购 1v1 唤醒',
    rule: {
      all: [
        { field: 'monetaryFen', op: 'gte', value: 500_000 },
        { field: 'recencyDays', op: 'gte', value: 30 },
      ],
    },
  },
  {
    id: 'repeat-active',
    name: '复购活跃',
    color: '#389E0D',
    description: '近一年 4 个以上消费日、45 天内来过的会员',
    rule: {
      all: [
        { field: 'frequency', op: 'gte', value: 4 },
        { field: 'recencyDays', op: 'lte', value: 45 },
      ],
    },
  },
  {
    id: 'rising-stars',
    name: '新晋高潜',
    color: '#D48806',
    description: '入会半年内、模型预测 90 天还会再买的会员：品牌故事与轻任务',
    rule: {
      all: [
        { field: 'joinedDays', op: 'lte', value: 365 },
        { field: 'expectedPurchases90d', op: 'gte', value: 0.5 },
      ],
    },
  },
  {
    id: 'koc',
    name: 'KOC 种草达人',
    color: '#722ED1',
    description: '爱分享、影响力高的会员：新品试穿与分享任务',
    rule: {
      any: [
        { field: 'influenceScore', op: 'gte', value: 3 },
        { field: 'shares', op: 'gte', value: 3, days: 30 },
      ],
    },
  },
];

/**
 * Demo circles with matched perks and tracking that makes the interest circle non-empty. Safe
 * to run again: existing circles and perks are kept. Memberships come from the materialisation
 * that follows the first value run.
 */
export async function seedDemoCircles(c: Container): Promise<{ circles: number; events: number }> {
  const { circles, perks, members, circleMemberships } = c.services;
  let created = 0;
  for (const d of DEMO) {
    try {
      await circles.create({ ...d, icon: '◎', owner: '运营', status: 'active' });
      created++;
    } catch (err) {
      if (!(isAppError(err) && err.code === 'CIRCLE_ID_TAKEN')) throw err;
    }
  }
  const perk = (code: string, name: string, description: string, circleIds: string[], extra = {}) =>
    perks.catalog
      .create({
        code,
        name,
        description,
        kind: 'custom',
        imageUrl: null,
        tierCodes: [],
        circleIds,
        showLocked: false,
        topic: null,
        coupon: null,
        quota: { period: 'month', limit: 1 },
        validityDays: 30,
        ...extra,
      })
      .catch((err: unknown) => {
        if (!(isAppError(err) && err.code === 'PERK_CODE_TAKEN')) throw err;
      });
  await perk(
    'fabric_class',
    '面料成分私享课',
    '羊绒与美利奴的成分课，含羊绒护理礼盒',
    ['fabric-fans'],
    {
      topic: '面料成分',
      showLocked: true,
    },
  );
  await perk('vip_wakeup_gift', '老友回归礼', '导购为你预留的新季单品试穿与礼遇', ['dormant-vip']);
  await perk('koc_trial', '新品抢先试穿', '新品上市前到店试穿，分享穿搭可得积分', ['koc'], {
    topic: '新品',
    showLocked: true,
  });
  // Member-center clicks on fabric content, from a sample of members (three to six each).
  const sample = await members.query.scan({ limit: 400 }, ['memberNo']);
  const now = c.clock.now();
  let events = 0;
  for (const [i, m] of sample.entries()) {
    if (i % 2) continue;
    const n = 3 + (i % 4);
    const at = (k: number) => new Date(now.getTime() - (k + 1) * 3_600_000 * (1 + (i % 24)));
    events += await circleMemberships.interests.track(
      m._id,
      Array.from({ length: n }, (_, k) => ({
        kind: 'click' as const,
        page: 'pages/content/index',
        target: `fabric-${k}`,
        topic: '面料成分',
        at: at(k),
      })),
    );
  }
  return { circles: created, events };
}
