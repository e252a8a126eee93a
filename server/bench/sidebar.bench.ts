// Sidebar customer-card benchmark. Run:
//   npm run bench:sidebar -w server [-- --customers 300 --consultants 20 --requests 3000 --concurrency 4]
// Builds a fresh in-memory app in sandbox mode, seeds members with orders, has each one add a
// consultant in the fake WeCom (real encrypted callbacks → welcome, link, tier tags), then
// drives GET /api/sidebar/customers/:id over loopback HTTP with keep-alive and prints the
// latency percentiles (target from issue 7: p95 <= 50 ms).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { testConfig } from '../src/config';
import { createContainer } from '../src/container';

/** Every queue kind the WeCom module handles (kick them all when draining). */
const KINDS = ['wecom.event', 'wecom.daily', 'tags.push', 'tags.system', 'tags.tier'];

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
      customers: { type: 'string', default: '300' },
      consultants: { type: 'string', default: '20' },
      requests: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const nCustomers = Number(values.customers);
  const nConsultants = Number(values.consultants);
  const nRequests = Number(values.requests);
  const concurrency = Number(values.concurrency);

  const c = await createContainer(testConfig({ logLevel: 'silent' }));
  const server = http.createServer(createApp(c, { frontends: false }).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const fake = c.services.integrations.sandbox!.wecom!;
  fake.control.setCallbackUrl(`http://127.0.0.1:${port}/callbacks/wecom`);

  const t0 = performance.now();
  const tokens: string[] = [];
  for (let i = 0; i < nConsultants; i++) {
    fake.control.createConsultant({ userid: `bench${i}`, name: `导购${i}`, store: '上海静安店' });
    tokens.push(
      (await c.services.consultants.login(fake.control.issueOAuthCode({ userid: `bench${i}` })))
        .token,
    );
  }
  const pairs: { consultant: number; externalUserId: string }[] = [];
  for (let i = 0; i < nCustomers; i++) {
    const unionid = `bench-union-${i}`;
    for (let k = 0; k < 1 + (i % 4); k++) {
      await c.services.orders.create({
        orderNo: `BENCH${i}-${k}`,
        member: { unionid },
        channel: 'store',
        storeCode: 'SH001',
        paidAt: new Date(Date.now() - (k + 1) * 86_400_000),
        amount: 19_900 + ((i * 7919 + k * 104_729) % 400_000),
        items: [
          { sku: 'SKU1', name: '羊绒大衣', category: '外套', quantity: 1, unitPrice: 19_900 },
        ],
      });
    }
    const contact = fake.control.createExternalContact({ name: `客户${i}`, unionid });
    const consultant = i % nConsultants;
    fake.control.customerAddsConsultant({
      userid: `bench${consultant}`,
      externalUserId: contact.externalUserId,
    });
    pairs.push({ consultant, externalUserId: contact.externalUserId });
    if (i % 50 === 49) await fake.control.idle();
  }
  await fake.control.idle();
  const queue = c.services.wecomQueue;
  for (;;) {
    await queue.idle();
    const due = await queue.Item.countDocuments({ status: { $in: ['pending', 'running'] } });
    if (due === 0) break;
    for (const kind of KINDS) queue.kick(kind);
    await new Promise((r) => setTimeout(r, 50));
  }
  const linked = await c.services.relations.Contact.countDocuments({ memberId: { $ne: null } });
  line('seeded customers (linked)', `${nCustomers} (${linked})`);
  line('seed + callbacks, s', ((performance.now() - t0) / 1000).toFixed(1));

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
        tokens[p.consultant]!,
      );
      latencies.push(performance.now() - start);
      if (status !== 200) errors++;
    }
  };
  // Warm-up: JIT and connection pool, not counted.
  for (let i = 0; i < 50; i++) {
    const p = pairs[i % pairs.length]!;
    await get(agent, port, `/api/sidebar/customers/${p.externalUserId}`, tokens[p.consultant]!);
  }
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
