import type { CircleRule } from '@circles/shared';
import { Types } from 'mongoose';
import type { InterestCounts } from './interests';
import { maskOf } from './materialize';
import type { CircleSourcePorts } from './ports';
import { Profiles } from './profiles';
import { ValueColumnCache } from './value-columns';

const now = new Date('2026-12-03T04:00:00Z'); // 12:00 Beijing
const day = 86_400_000;
const ids = Array.from({ length: 6 }, () => new Types.ObjectId());
const [a, b, c, d, e, f] = ids as [Types.ObjectId, ...Types.ObjectId[]];

async function* from<T>(rows: T[]) {
  yield* rows;
}

/** The value run's snapshots: five of the six members scored. */
const snapshots = () =>
  from(
    [a, b, c, d, e].map((id, i) => ({
      memberId: id!,
      segment: ['重要价值', '重要保持', '重要价值', '一般发展', '重要挽留'][i]!,
      rScore: [5, 4, 3, 2, 1][i]!,
      fScore: [5, 4, 3, 2, 1][i]!,
      mScore: [4, 5, 3, 1, 2][i]!,
      recencyDays: [3, 20, 45, 200, 400][i]!,
      frequency: [12, 6, 3, 1, 1][i]!,
      monetaryFen: [900_000, 400_000, 150_000, 20_000, 60_000][i]!,
      pAlive: [0.9, 0.7, 0.4, 0.2, null][i] ?? null,
      expectedPurchases90d: [3, 1.5, 0.5, 0.1, null][i] ?? null,
      clv12mFen: [500_000, 200_000, 80_000, 5_000, null][i] ?? null,
      influenceScore: [9, 0, 4, 0, 1][i]!,
    })),
  );

/** Six members, each field set by hand so every expected membership below is obvious. */
const ports: CircleSourcePorts = {
  members: {
    streamActive: () =>
      from(
        ids.map((id, i) => ({
          _id: id,
          memberNo: `M${i}`,
          nickname: `会员${i}`,
          tierCode: ['normal', 'silver', 'gold', 'gold', 'black', 'normal'][i]!,
          birthday: ['1990-03-01', '1985-12-24', null, '1992-12-01', '1979-07-07', null][i] ?? null,
          createdAt: new Date(now.getTime() - [10, 400, 40, 3, 1000, 90][i]! * day),
        })),
      ),
  },
  value: {
    latestRun: async () => ({ runId: '2026-12-03', finishedAt: now }),
    snapshotsOf: (runId) => (runId === '2026-12-03' ? snapshots() : from([])),
    latestSnapshots: () => snapshots(),
  },
  tags: {
    streamMemberTags: () =>
      from([
        { memberId: a, tagId: 'fabric' },
        { memberId: a, tagId: 'vip' },
        { memberId: c, tagId: 'fabric' },
        { memberId: d, tagId: 'vip' },
      ]),
    options: async () => [],
  },
  relations: {
    streamActivePairs: () =>
      from([
        { memberId: a, consultantUserId: 'linyue' },
        { memberId: b!, consultantUserId: 'zhouqing' },
      ]),
  },
  points: {
    streamBalances: () =>
      from([
        { memberId: a, balance: 5000 },
        { memberId: e!, balance: 10 },
      ]),
  },
  wallet: { streamBalances: () => from([{ memberId: b!, balance: 110_000 }]) },
  payments: { activeMemberIds: async () => [e!] },
  orders: {
    streamSince: (since: Date) =>
      from(
        [
          {
            memberId: a,
            paidAt: new Date(now.getTime() - 5 * day),
            refundable: 300_000,
            storeCode: 'SH01',
            categories: ['针织'],
          },
          {
            memberId: a,
            paidAt: new Date(now.getTime() - 100 * day),
            refundable: 50_000,
            storeCode: 'BJ01',
            categories: ['外套'],
          },
          {
            memberId: c,
            paidAt: new Date(now.getTime() - 20 * day),
            refundable: 80_000,
            storeCode: 'BJ01',
            categories: ['外套', '配饰'],
          },
          {
            memberId: d!,
            paidAt: new Date(now.getTime() - 2 * day),
            refundable: 0,
            storeCode: 'SH01',
            categories: ['针织'],
          },
        ].filter((o) => o.paidAt >= since),
      ),
  },
  engagement: {
    attendancesSince: async () => [{ _id: c, n: 2 }],
    sharesSince: async () => [
      { _id: a, n: 6 },
      { _id: b!, n: 1 },
    ],
    invitesSince: async () => [{ _id: a, n: 11 }],
    reviewsSince: async () => [{ _id: f!, n: 1 }],
  },
  perks: { usersSince: async () => [] },
  tiers: { options: async () => [] },
};
const interests = {
  clicksSince: async (topic: string) =>
    topic === '面料成分'
      ? [
          { _id: c, n: 4 },
          { _id: b!, n: 1 },
        ]
      : [],
} as unknown as InterestCounts;

let profiles: Profiles;
beforeAll(async () => {
  profiles = await Profiles.build(ports, interests, { SH01: '上海', BJ01: '北京' }, now);
});

const who = async (rule: CircleRule) => {
  const mask = await maskOf(profiles, rule);
  return ids.flatMap((_, i) => (mask[i] ? [`M${i}`] : []));
};

describe('circle rules over member profiles', () => {
  it.each<[string, CircleRule, string[]]>([
    ['segment eq', { field: 'segment', op: 'eq', value: '重要价值' }, ['M0', 'M2']],
    ['segment in', { field: 'segment', op: 'in', value: ['重要保持', '重要挽留'] }, ['M1', 'M4']],
    [
      'segment nin (unscored count as not in)',
      { field: 'segment', op: 'nin', value: ['重要价值'] },
      ['M1', 'M3', 'M4', 'M5'],
    ],
    ['segment exists', { field: 'segment', op: 'exists', value: false }, ['M5']],
    ['rScore gte', { field: 'rScore', op: 'gte', value: 4 }, ['M0', 'M1']],
    ['fScore lt', { field: 'fScore', op: 'lt', value: 2 }, ['M4']],
    ['mScore eq', { field: 'mScore', op: 'eq', value: 3 }, ['M2']],
    ['recencyDays gt', { field: 'recencyDays', op: 'gt', value: 30 }, ['M2', 'M3', 'M4']],
    ['frequency between', { field: 'frequency', op: 'between', value: [3, 6] }, ['M1', 'M2']],
    ['monetary lte', { field: 'monetaryFen', op: 'lte', value: 60_000 }, ['M3', 'M4']],
    ['pAlive lt (no model: no match)', { field: 'pAlive', op: 'lt', value: 0.5 }, ['M2', 'M3']],
    [
      'pAlive ne (missing matches ne)',
      { field: 'pAlive', op: 'ne', value: 0.9 },
      ['M1', 'M2', 'M3', 'M4', 'M5'],
    ],
    [
      'expected purchases gte',
      { field: 'expectedPurchases90d', op: 'gte', value: 1 },
      ['M0', 'M1'],
    ],
    ['clv exists', { field: 'clv12mFen', op: 'exists', value: true }, ['M0', 'M1', 'M2', 'M3']],
    ['influence gt', { field: 'influenceScore', op: 'gt', value: 3 }, ['M0', 'M2']],
    ['tier ne', { field: 'tier', op: 'ne', value: 'normal' }, ['M1', 'M2', 'M3', 'M4']],
    ['points gt', { field: 'pointsBalance', op: 'gt', value: 100 }, ['M0']],
    ['wallet gte', { field: 'walletBalanceFen', op: 'gte', value: 100_000 }, ['M1']],
    ['paid member', { field: 'paidMember', op: 'eq', value: true }, ['M4']],
    ['joined days lt', { field: 'joinedDays', op: 'lt', value: 30 }, ['M0', 'M3']],
    ['birthday month eq', { field: 'birthdayMonth', op: 'eq', value: 12 }, ['M1', 'M3']],
    ['tags hasAny', { field: 'tags', op: 'hasAny', value: ['fabric', 'nope'] }, ['M0', 'M2']],
    ['tags hasAll', { field: 'tags', op: 'hasAll', value: ['fabric', 'vip'] }, ['M0']],
    ['tags hasNone', { field: 'tags', op: 'hasNone', value: ['vip'] }, ['M1', 'M2', 'M4', 'M5']],
    ['tags exists', { field: 'tags', op: 'exists', value: true }, ['M0', 'M2', 'M3']],
    ['consultant hasAny', { field: 'consultant', op: 'hasAny', value: ['zhouqing'] }, ['M1']],
    ['home store (latest order)', { field: 'store', op: 'eq', value: 'SH01' }, ['M0', 'M3']],
    ['city', { field: 'city', op: 'eq', value: '北京' }, ['M2']],
    [
      'category in 30 days (refunded orders bought nothing)',
      { field: 'purchasedCategory', op: 'hasAny', value: ['针织', '配饰'], days: 30 },
      ['M0', 'M2'],
    ],
    ['spend in 365 days', { field: 'spendFen', op: 'gte', value: 300_000, days: 365 }, ['M0']],
    ['orders in 30 days', { field: 'orders', op: 'eq', value: 1, days: 30 }, ['M0', 'M2']],
    ['attendances', { field: 'eventAttendances', op: 'gte', value: 1, days: 90 }, ['M2']],
    [
      'shares (no activity is 0)',
      { field: 'shares', op: 'lt', value: 1, days: 30 },
      ['M2', 'M3', 'M4', 'M5'],
    ],
    ['invites', { field: 'invites', op: 'gt', value: 10, days: 30 }, ['M0']],
    ['reviews', { field: 'reviews', op: 'eq', value: 1, days: 30 }, ['M5']],
    [
      'interest clicks',
      { field: 'interest', op: 'gte', value: 3, days: 30, topic: '面料成分' },
      ['M2'],
    ],
  ])('%s', async (_name, rule, expected) => {
    expect(await who(rule)).toEqual(expected);
  });

  it('combines all, any and not to any depth', async () => {
    // 成分党 who are 重要价值 or 重要保持 with P(alive) < 0.5, or anyone with 10+ invites —
    // but never the black tier.
    const rule: CircleRule = {
      all: [
        {
          any: [
            {
              all: [
                { field: 'segment', op: 'in', value: ['重要价值', '重要保持'] },
                { field: 'tags', op: 'hasAny', value: ['fabric'] },
                { field: 'pAlive', op: 'lt', value: 0.5 },
              ],
            },
            { field: 'invites', op: 'gte', value: 10, days: 30 },
          ],
        },
        { not: { field: 'tier', op: 'eq', value: 'black' } },
      ],
    };
    expect(await who(rule)).toEqual(['M0', 'M2']);
    expect(await who({ not: rule })).toEqual(['M1', 'M3', 'M4', 'M5']);
  });
});

describe('value columns kept between builds', () => {
  it('reads a value run once and maps it onto a later population', async () => {
    const cache = new ValueColumnCache();
    let reads = 0;
    const counting: CircleSourcePorts = {
      ...ports,
      value: {
        ...ports.value,
        snapshotsOf: (runId) => {
          reads++;
          return ports.value.snapshotsOf(runId);
        },
      },
    };
    const first = await Profiles.build(counting, interests, {}, now, cache);
    const rule: CircleRule = { field: 'segment', op: 'eq', value: '重要价值' };
    expect([...(await maskOf(first, rule))]).toEqual([1, 0, 1, 0, 0, 0]);
    // The next build sees the members in another order, M0 gone.
    const reordered: CircleSourcePorts = {
      ...counting,
      members: {
        streamActive: async function* () {
          const all = [];
          for await (const m of ports.members.streamActive()) all.push(m);
          yield* all.slice(1).reverse();
        },
      },
    };
    const second = await Profiles.build(reordered, interests, {}, now, cache);
    const mask = await maskOf(second, rule);
    expect(reads).toBe(1);
    expect(second.n).toBe(5);
    const inside = [...mask].flatMap((v, i) => (v ? [String(second.idAt(i))] : []));
    expect(inside).toEqual([String(c)]);
    const clv = await second.column({ field: 'clv12mFen', op: 'gte' });
    expect(clv.type === 'number' && clv.values[second.indexOf(f!)!]).toBeNaN();
  });
});
