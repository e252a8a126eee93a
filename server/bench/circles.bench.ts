// Circles benchmark. Run:
//   npm run bench:circles -w server [-- --members 1000000]
// Builds a brand of N active members with a value snapshot each (written straight into the
// embedded engine through the driver), defines 10 active circles over value, tier and
// lifecycle fields, then times (1) materialising all 10 — reading the profiles through the
// modules' streaming methods, evaluating, writing memberships and entry records — and (2) a
// preview of one new rule on warm profiles. Targets (issue 20): ≤ 20 s and ≤ 1 s at 1M.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type CircleRule, RFM_SEGMENTS } from '@circles/shared';
import { Types } from 'mongoose';
import { testConfig } from '../src/config';
import { createContainer } from '../src/container';

const TIERS = ['normal', 'silver', 'gold', 'diamond', 'black'];

/** A deterministic generator, so two runs measure the same brand. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CIRCLES: Array<[string, CircleRule]> = [
  [
    'vip-dormant',
    {
      all: [
        { field: 'monetaryFen', op: 'gte', value: 500_000 },
        { field: 'recencyDays', op: 'gte', value: 30 },
      ],
    },
  ],
  ['champions', { field: 'segment', op: 'eq', value: '重要价值' }],
  [
    'at-risk',
    {
      all: [
        { field: 'pAlive', op: 'lt', value: 0.3 },
        { field: 'segment', op: 'in', value: ['重要保持', '重要挽留'] },
      ],
    },
  ],
  [
    'rising',
    {
      all: [
        { field: 'joinedDays', op: 'lte', value: 180 },
        { field: 'expectedPurchases90d', op: 'gte', value: 1 },
      ],
    },
  ],
  ['gold-plus', { field: 'tier', op: 'in', value: ['gold', 'diamond', 'black'] }],
  ['high-clv', { field: 'clv12mFen', op: 'gte', value: 300_000 }],
  ['frequent', { field: 'frequency', op: 'between', value: [6, 50] }],
  ['influencers', { field: 'influenceScore', op: 'gte', value: 5 }],
  ['birthday-dec', { field: 'birthdayMonth', op: 'eq', value: 12 }],
  [
    'mixed',
    {
      any: [
        {
          all: [
            { field: 'rScore', op: 'gte', value: 4 },
            { field: 'mScore', op: 'gte', value: 4 },
          ],
        },
        { not: { field: 'tier', op: 'eq', value: 'normal' } },
      ],
    },
  ],
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { members: { type: 'string', default: '1000000' } } });
  const n = Number(values.members);
  const c = await createContainer(testConfig({ logLevel: 'warn' }));
  const conn = c.db.connection!;
  const now = c.clock.now();
  const r = rng(20261203);
  const runId = '2026-12-03';
  console.log(`Generating ${n.toLocaleString('en-US')} members with value snapshots…`);
  const t0 = performance.now();
  const CHUNK = 20_000;
  for (let from = 0; from < n; from += CHUNK) {
    const members = [];
    const snaps = [];
    for (let i = from; i < Math.min(n, from + CHUNK); i++) {
      const _id = new Types.ObjectId();
      const joined = new Date(now.getTime() - Math.floor(r() * 1500) * 86_400_000);
      members.push({
        _id,
        memberNo: `M${String(10_000_000 + i)}`,
        nickname: `会员${i}`,
        avatarUrl: null,
        birthday: `19${70 + Math.floor(r() * 30)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-01`,
        status: 'active',
        mergedInto: null,
        source: 'pos',
        tierCode: TIERS[Math.min(4, Math.floor(r() ** 2 * 5))]!,
        tierSince: joined,
        tierVersion: 0,
        totalSpend: 0,
        orderCount: 0,
        createdAt: joined,
        updatedAt: joined,
      });
      const m = Math.floor(r() ** 3 * 2_000_000);
      snaps.push({
        runId,
        asOfDay: 0,
        memberId: _id,
        tierCode: 'normal',
        segment: RFM_SEGMENTS[Math.floor(r() * 8)]!,
        rScore: 1 + Math.floor(r() * 5),
        fScore: 1 + Math.floor(r() * 5),
        mScore: 1 + Math.floor(r() * 5),
        recencyDays: Math.floor(r() * 400),
        frequency: Math.floor(r() ** 2 * 20),
        monetaryFen: m,
        pAlive: r(),
        expectedPurchases90d: r() * 3,
        clv12mFen: Math.floor(m * r()),
        influenceScore: Math.floor(r() ** 4 * 20),
      });
    }
    await conn.collection('members').insertMany(members, { ordered: false });
    await conn.collection('value_member_snapshots').insertMany(snaps, { ordered: false });
  }
  await conn.collection('value_runs').insertOne({
    _id: runId as never,
    asOfDay: 0,
    phase: 'done',
    startedAt: now,
    finishedAt: now,
  });
  console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  for (const [id, rule] of CIRCLES) {
    await c.services.circles.create({
      id,
      name: id,
      description: '',
      color: '#722ED1',
      icon: '◎',
      owner: '',
      status: 'active',
      rule,
    });
  }
  const rss0 = process.memoryUsage().rss;
  const t1 = performance.now();
  const res = await c.services.circleMaterializer.run();
  const materialize = (performance.now() - t1) / 1000;
  console.log(
    `materialise 10 circles over ${n.toLocaleString('en-US')} members: ${materialize.toFixed(2)} s` +
      `   (target ≤ 20 s; ${res.entered.toLocaleString('en-US')} entries written)`,
  );
  const t2 = performance.now();
  await c.services.circles.profiles(); // the previews' profiles (built once, then reused)
  console.log(`  preview profiles built (cold): ${((performance.now() - t2) / 1000).toFixed(2)} s`);
  const rule: CircleRule = {
    all: [
      { field: 'segment', op: 'in', value: ['重要价值', '重要保持'] },
      {
        any: [
          { field: 'pAlive', op: 'lt', value: 0.5 },
          { field: 'clv12mFen', op: 'gte', value: 100_000 },
        ],
      },
      { not: { field: 'tier', op: 'eq', value: 'normal' } },
    ],
  };
  const times: number[] = [];
  let count = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    count = (await c.services.circles.preview(rule)).count;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `preview of one rule (warm, median of 5): ${times[2]!.toFixed(0)} ms   (target ≤ 1000 ms; ${count.toLocaleString('en-US')} members)`,
  );
  console.log(
    `  RSS growth during materialisation: ${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
  );
  console.log(
    'Method: a columnar snapshot (typed arrays per field, bitmaps per tag) built from one streamed pass per source; no per-field indexes.',
  );
  await c.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
