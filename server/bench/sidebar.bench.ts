// Sidebar customer-card benchmark. Run:
//   npm run bench:sidebar -w server [-- --members 10000 --per-consultant 10 --requests 3000 --concurrency 4]
// Builds a fresh in-memory app in sandbox mode with the demo data set (as npm start seeds it),
// runs the value job, has the best customers of every demo consultant add them in the fake
// WeCom (real encrypted callbacks → welcome, link, tier tags), then drives
// GET /api/sidebar/customers/:id over loopback HTTP with keep-alive and prints the latency
// percentiles (target from issue 7: p95 <= 50 ms).
import http from 'node:http';
import mongoose from 'mongoose';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { testConfig } from '../src/config';
import { createContainer } from '../src/container';
import { DEMO_STORES } from '../src/modules/seed/catalog';
import { seedDemoBrand } from '../src/modules/seed/seed';
import { populateDemoWeCom } from '../src/sandbox/wecom/wecom-demo';

/** Every queue kind the WeCom module handles (kick them all when draining). */
const KINDS = [
  'wecom.event',
  'wecom.daily',
  'wecom.segments',
  'tags.push',
  'tags.system',
  'tags.tier',
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(34)} ${value.padStart(12)}${target ? `   (target ${target})` : ''}`);
}

function get(agent: http.Agent, port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '10000' },
      'per-consultant': { type: 'string', default: '10' },
      requests: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const nRequests = Number(values.requests);
  const concurrency = Number(values.concurrency);

  const c = await createContainer(testConfig({ logLevel: 'silent' }));
  const server = http.createServer(createApp(c, { frontends: false }).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const fake = c.services.integrations.sandbox!.wecom!;
  fake.control.setCallbackUrl(`http://127.0.0.1:${port}/callbacks/wecom`);

  // The demo data set npm start seeds, scored by the value job, and the demo consultants of
  // every store with their best customers, added through the real callback path.
  let t0 = performance.now();
  const seeded = await seedDemoBrand(c, { members: Number(values.members) });
  line('demo members / orders', `${seeded.members} / ${seeded.orders}`);
  line('seed, s', ((performance.now() - t0) / 1000).toFixed(1));
  t0 = performance.now();
  await c.services.valueJob.run();
  line('value job, s', ((performance.now() - t0) / 1000).toFixed(1));
  t0 = performance.now();
  const consultants = DEMO_STORES.flatMap((store) =>
    [1, 2, 3, 4, 5, 6].map((n) => ({
      userid: `demo-ca-${store.code}-${n}`,
      name: `导购${store.code}-${n}`,
      store: store.name,
    })),
  );
  await populateDemoWeCom(c, { consultants, perConsultant: Number(values['per-consultant']) });
  const queue = c.services.wecomQueue;
  for (;;) {
    await fake.control.idle();
    await queue.idle();
    const due = await queue.Item.countDocuments({ status: { $in: ['pending', 'running'] } });
    if (due === 0) break;
    for (const kind of KINDS) queue.kick(kind);
    await new Promise((r) => setTimeout(r, 50));
  }
  const tokens = new Map<string, string>();
  const pairs: { userid: string; externalUserId: string }[] = [];
  for (const who of consultants) {
    const code = fake.control.issueOAuthCode({ userid: who.userid });
    tokens.set(who.userid, (await c.services.consultants.login(code)).token);
    for (const x of fake.control.customersOf(who.userid))
      pairs.push({ userid: who.userid, externalUserId: x.externalUserId });
  }
  // Interleave consultants so consecutive requests hit different members.
  pairs.sort((a, b) => (a.externalUserId < b.externalUserId ? -1 : 1));
  const linked = await c.services.relations.Contact.countDocuments({ memberId: { $ne: null } });
  line('customers (linked to members)', `${pairs.length} (${linked})`);
  line('consultants, callbacks, s', ((performance.now() - t0) / 1000).toFixed(1));

  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  const worker = async () => {
    while (next < nRequests) {
      const p = pairs[next++ % pairs.length]!;
      const start = performance.now();
      const status = await get(
        agent,
        port,
        `/api/sidebar/customers/${p.externalUserId}`,
        tokens.get(p.userid)!,
      );
      latencies.push(performance.now() - start);
      if (status !== 200) errors++;
    }
  };
  // Warm-up: JIT and connection pool, not counted.
  for (let i = 0; i < 50; i++) {
    const p = pairs[i % pairs.length]!;
    await get(agent, port, `/api/sidebar/customers/${p.externalUserId}`, tokens.get(p.userid)!);
  }
  // Database commands per card, by collection and operation (one pass over 200 cards).
  const perCard = new Map<string, number>();
  mongoose.set('debug', (coll: string, op: string) => {
    perCard.set(`${coll}.${op}`, (perCard.get(`${coll}.${op}`) ?? 0) + 1);
  });
  for (let i = 0; i < 200; i++) {
    const p = pairs[i % pairs.length]!;
    await get(agent, port, `/api/sidebar/customers/${p.externalUserId}`, tokens.get(p.userid)!);
  }
  mongoose.set('debug', false);
  const queries = [...perCard].sort((a, b) => b[1] - a[1]);
  line('queries per card', (queries.reduce((a, [, n]) => a + n, 0) / 200).toFixed(1));
  for (const [k, n] of queries) line(`  ${k}`, (n / 200).toFixed(2));
  const t1 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (performance.now() - t1) / 1000;
  latencies.sort((a, b) => a - b);
  line('requests (concurrency)', `${latencies.length} (${concurrency})`);
  line('non-200 answers', String(errors));
  line('throughput, req/s', (latencies.length / secs).toFixed(0));
  line('p50, ms', pct(latencies, 50).toFixed(1));
  line('p95, ms', pct(latencies, 95).toFixed(1), '<= 50');
  line('p99, ms', pct(latencies, 99).toFixed(1));

  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await c.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
