// Circles benchmark. Run:
//   npm run bench:circles -w server [-- --members 1000000] [--uri mongodb://…/empty-db]
// Builds a brand of N active members with a value snapshot each (written straight into the
// embedded engine through the driver), defines 10 active circles over value, tier and
// lifecycle fields, then times (1) materialising all 10 — reading the profiles through the
// modules' streaming methods, evaluating, writing memberships and entry records — (2) a second
// run with nothing changed, (3) a preview of one new rule, cold and warm, and (4) a member's
// circles (the claim path). Targets (issue 20): ≤ 20 s and ≤ 1 s at 1M.
import { loadavg } from 'node:os';
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
  const { values } = parseArgs({
    options: { members: { type: 'string', default: '1000000' }, uri: { type: 'string' } },
  });
  const n = Number(values.members);
  // --uri: an engine in its own process (npm run mongo:embedded) or a real MongoDB, so the
  // engine's heap and work are off this process (by default the engine runs in-process).
  const c = await createContainer(testConfig({ logLevel: 'warn', mongodbUri: values.uri }));
  const conn = c.db.connection!;
  if (values.uri && (await conn.collection('members').estimatedDocumentCount()) > 0) {
    throw new Error(`--uri ${values.uri}: the database must be empty (the bench fills it)`);
  }
  console.log(`Database: ${values.uri ? 'external (--uri)' : 'embedded, in this process'}`);
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
  const cpu = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return ((u.user + u.system) / 1e6).toFixed(1);
  };
  console.log(`  load average before the timed part: ${loadavg()[0]!.toFixed(1)} (2 cores)`);
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const res = await c.services.circleMaterializer.run();
  const materialize = (performance.now() - t1) / 1000;
  console.log(
    `materialise 10 circles over ${n.toLocaleString('en-US')} members: ${materialize.toFixed(2)} s` +
      `   (target ≤ 20 s; ${res.entered.toLocaleString('en-US')} entries written; CPU ${cpu(cpu1)} s)`,
  );
  const ph = res.phases;
  console.log(
    `  profiles ${ph.profiles.toFixed(2)} s, evaluate ${ph.evaluate.toFixed(2)} s, write ${ph.write.toFixed(2)} s`,
  );
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
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  const preview = () => c.services.circles.preview(rule);
  console.log(
    `  first preview after it (the run's profiles reused): ${(await timed(preview)).toFixed(0)} ms`,
  );

  // The circles' creation queued a run of its own, which waits for the one above: run() then
  // waits for both, so the second run is timed by its own clock.
  const cpu2 = process.cpuUsage();
  const again = await c.services.circleMaterializer.run();
  console.log(
    `second run, nothing changed: ${again.seconds.toFixed(2)} s` +
      `   (${again.entered + again.exited} changes; profiles ${again.phases.profiles.toFixed(2)} s,` +
      ` evaluate ${again.phases.evaluate.toFixed(2)} s, write ${again.phases.write.toFixed(2)} s; CPU incl. the queued run ${cpu(cpu2)} s)`,
  );

  // A preview with no run before it: the members are read again; the value columns of a run
  // already read are kept (the first run above is the fully cold build).
  c.services.circles.refreshProfiles();
  const cold = await timed(preview);
  console.log(
    `preview of one rule (profiles rebuilt, value columns kept): ${(cold / 1000).toFixed(2)} s`,
  );
  const times: number[] = [];
  for (let k = 0; k < 5; k++) times.push(await timed(preview));
  times.sort((a, b) => a - b);
  const { count } = await preview();
  console.log(
    `preview of one rule (warm, median of 5): ${times[2]!.toFixed(0)} ms   (target ≤ 1000 ms; ${count.toLocaleString('en-US')} members)`,
  );
  const sample = await conn
    .collection('members')
    .find({}, { projection: { _id: 1 } })
    .limit(200)
    .toArray();
  const lookups: number[] = [];
  for (const m of sample) {
    lookups.push(
      await timed(() => c.services.circleMemberships.circlesOf(m._id as Types.ObjectId)),
    );
  }
  lookups.sort((a, b) => a - b);
  console.log(
    `circlesOf(member) (the claim path), median of 200: ${lookups[100]!.toFixed(2)} ms, p99 ${lookups[198]!.toFixed(2)} ms`,
  );
  console.log(
    `  RSS growth since the first run: ${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
  );
  console.log(
    'Method: a columnar snapshot (typed arrays per field, bitmaps per tag) built from one streamed pass per source and kept for previews; memberships and change records as packed id binaries (see circles/member-sets.ts).',
  );
  await c.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
