// Playbooks benchmark. Run:
//   npm run bench:playbooks -w server [-- --members 100000 --waiting 1000000]
// (1) N members with a consultant each enter one playbook whose first step is a consultant
// 1v1 task (the 唤醒三板斧 opening): times enrolment and executing that step for everyone —
// claim, caps, the follow-up in the sidebar, the commit. Target (issue 21): ≤ 60 s at 100k.
// (2) With W runs waiting (due days from now), times the per-minute tick. Target: ≤ 1 s.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { testConfig } from '../src/config';
import { createContainer } from '../src/container';
import { newRun } from '../src/modules/playbooks';

const DAY = 86_400_000;
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '100000' },
      waiting: { type: 'string', default: '1000000' },
    },
  });
  const n = Number(values.members);
  const waiting = Number(values.waiting);
  const c = await createContainer(testConfig({ logLevel: 'warn' }));
  const conn = c.db.connection!;
  const s = c.services;
  const now = c.clock.now();

  console.log(`Generating ${fmt(n)} gold members, each followed by one of 20 consultants…`);
  let t = performance.now();
  for (let from = 0; from < n; from += 20_000) {
    const members = [];
    const relations = [];
    for (let i = from; i < Math.min(n, from + 20_000); i++) {
      const _id = new Types.ObjectId();
      members.push({
        _id,
        memberNo: `M${10_000_000 + i}`,
        nickname: `会员${i}`,
        status: 'active',
        mergedInto: null,
        source: 'pos',
        tierCode: 'gold',
        tierSince: now,
        tierVersion: 0,
        totalSpend: 0,
        orderCount: 0,
        createdAt: now,
        updatedAt: now,
      });
      relations.push({
        consultantUserId: `c${i % 20}`,
        externalUserId: `wm${i}`,
        memberId: _id,
        state: 'active',
        addedAt: now,
        endedAt: null,
        endedBy: null,
        channel: null,
        welcomeCode: null,
        welcomeSentAt: null,
        history: [],
      });
    }
    await conn.collection('members').insertMany(members, { ordered: false });
    await conn.collection('wecom_relations').insertMany(relations, { ordered: false });
  }
  await s.circles.create({
    id: 'bench-gold',
    name: '金卡',
    description: '',
    color: '#C9A227',
    icon: '◎',
    owner: '',
    status: 'active',
    rule: { field: 'tier', op: 'eq', value: 'gold' },
  });
  await s.circleMaterializer.run();
  console.log(`  setup (members, relations, circle materialised) in ${secs(t)} s`);

  await s.playbooks.create('bench', {
    name: '唤醒第一步',
    trigger: { type: 'circle_entered', circleId: 'bench-gold', includeCurrent: true },
    goal: 'purchase',
    steps: [
      {
        type: 'consultant_task',
        title: '1v1 问候并送老友回归礼',
        script: ['{name}您好，好久不见！给您预留了一份老友回归礼～'],
      },
      { type: 'wait', days: 7 },
    ],
  });
  const bench = await s.playbooks.move('bench', 'activate');
  t = performance.now();
  const entered = await s.playbookScheduler.enrollAll();
  const enrolled = performance.now();
  console.log(`enrol ${fmt(entered)} members: ${secs(t)} s`);
  const executed = await s.playbookScheduler.tick();
  const total = (performance.now() - t) / 1000;
  const step = (performance.now() - enrolled) / 1000;
  const tasks = await conn.collection('follow_ups').countDocuments({ kind: 'playbook' });
  console.log(
    `first step (consultant task) for ${fmt(executed)} runs: ${step.toFixed(2)} s (${fmt(executed / step)} runs/s)`,
  );
  console.log(
    `enrol + first step: ${total.toFixed(2)} s   (target ≤ 60 s; ${fmt(tasks)} sidebar tasks created)`,
  );

  console.log(`Adding ${fmt(waiting)} waiting runs (due 1–30 days from now)…`);
  t = performance.now();
  for (let from = 0; from < waiting; from += 50_000) {
    const docs = [];
    for (let i = from; i < Math.min(waiting, from + 50_000); i++) {
      const due = new Date(now.getTime() + (1 + (i % 30)) * DAY);
      docs.push({
        ...newRun(bench, new Types.ObjectId(), `bench:${i}`, now),
        step: 1,
        seq: 1,
        dueAt: due,
      });
    }
    await conn.collection('playbookruns').insertMany(docs, { ordered: false });
  }
  console.log(`  inserted in ${secs(t)} s`);
  const ticks: number[] = [];
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    await s.playbookScheduler.tick();
    ticks.push(performance.now() - t);
  }
  ticks.sort((a, b) => a - b);
  console.log(
    `per-minute tick with ${fmt(waiting + entered)} waiting runs (median of 5): ${ticks[2]!.toFixed(1)} ms   (target ≤ 1000 ms)`,
  );
  console.log('Method: due runs come from one range scan of the {status, dueAt} index per tick.');
  await c.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
