// Welcome-burst benchmark. Run:
//   npm run bench:welcome -w server [-- --adds 200]
// A fresh in-memory app in sandbox mode; one consultant is added by N customers at once in
// the fake WeCom (real encrypted callbacks → the welcome lane → send_welcome_msg). Prints the
// latency from each add (welcome code issued) to its welcome, on WeCom's clock, against the
// 20 s during which a welcome code is valid.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { testConfig } from '../src/config';
import { createContainer } from '../src/container';

const KINDS = ['wecom.welcome', 'wecom.event', 'tags.push', 'tags.system', 'tags.tier'];
const WINDOW_MS = 20_000;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(34)} ${value.padStart(12)}${target ? `   (target ${target})` : ''}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { adds: { type: 'string', default: '200' } } });
  const adds = Number(values.adds);
  const c = await createContainer(testConfig({ logLevel: 'silent' }));
  const server = http.createServer(createApp(c, { frontends: false }).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const fake = c.services.integrations.sandbox!.wecom!;
  fake.control.setCallbackUrl(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/wecom`,
  );
  fake.control.createConsultant({ userid: 'bench-ca', name: '压测导购', store: '上海静安店' });

  const contacts = Array.from({ length: adds }, (_, i) =>
    fake.control.createExternalContact({ name: `高峰${i}` }),
  );
  const t0 = performance.now();
  for (const x of contacts) {
    fake.control.customerAddsConsultant({ userid: 'bench-ca', externalUserId: x.externalUserId });
  }
  const queue = c.services.wecomQueue;
  for (;;) {
    await fake.control.idle();
    await queue.idle();
    const due = await queue.Item.countDocuments({ status: { $in: ['pending', 'running'] } });
    if (due === 0) break;
    for (const kind of KINDS) queue.kick(kind);
    await new Promise((r) => setTimeout(r, 20));
  }
  const drained = (performance.now() - t0) / 1000;
  const latencies: number[] = [];
  for (const x of contacts) {
    const [w] = fake.control.contactState(x.externalUserId).welcomeMessages;
    if (w) latencies.push(w.sentAt.getTime() - w.codeIssuedAt);
  }
  latencies.sort((a, b) => a - b);
  line('adds in the burst', String(adds));
  line('welcomed', String(latencies.length), String(adds));
  if (latencies.length > 0) {
    line('latency p50, ms', String(pct(latencies, 50)));
    line('latency p95, ms', String(pct(latencies, 95)));
    line('latency worst, ms', String(latencies.at(-1)), `< ${WINDOW_MS} (WeCom's window)`);
  }
  line('all queues drained, s', drained.toFixed(1));
  await new Promise<void>((r) => server.close(() => r()));
  await c.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
