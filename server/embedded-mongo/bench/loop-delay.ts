// How long the engine's event loop stalls while it compacts a large dbpath and answers large
// finds (the bound: ~50 ms). Run:
//   npx tsx server/embedded-mongo/bench/loop-delay.ts [docs=200000]
// The engine runs in this process; the client runs in a child (bench/loop-delay-client.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { startEmbeddedMongo } from '../index';

const N = Number(process.argv[2] ?? 200_000);

async function main(): Promise<void> {
  const dbPath = await fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-loop-'));
  const mongo = await startEmbeddedMongo({ dbPath });
  const client = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'loop-delay-client.ts'), mongo.uri, String(N)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: client.stdout! })[Symbol.asyncIterator]();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();

  /** Runs one phase and prints its wall time and the worst event-loop stall during it. */
  const measure = async (label: string, run: () => Promise<string>) => {
    // a 1 ms ticker cross-checks the histogram: its worst late tick is a stall too
    let last = performance.now();
    let worstTick = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worstTick = Math.max(worstTick, now - last - 1);
      last = now;
    }, 1);
    histogram.reset();
    const t = process.hrtime.bigint();
    const result = await run();
    await new Promise((r) => setTimeout(r, 20)); // let the monitors sample the last stretch
    clearInterval(ticker);
    const wall = Number(process.hrtime.bigint() - t) / 1e6 - 20;
    const max = Math.max(histogram.max / 1e6, worstTick);
    const p99 = histogram.percentile(99) / 1e6;
    console.log(
      `${label.padEnd(34)} wall ${wall.toFixed(0).padStart(6)} ms   max loop delay ${max.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   ${result}`,
    );
  };
  const phase = (name: string) => async () => {
    client.stdin!.write(`${name}\n`);
    const { value } = await lines.next();
    return String(value);
  };

  console.log(`embedded-mongo loop-delay bench: ${N} docs, ${os.cpus().length} cores`);
  await measure(`load ${N} docs (insertMany 5k)`, phase('load'));
  await measure('compaction (snapshot)', async () => {
    await mongo.compact();
    const { size } = await fs.stat(path.join(dbPath, 'snapshot.bson'));
    return `snapshot ${(size / 1e6).toFixed(1)} MB`;
  });
  await measure('find {} toArray', phase('find'));
  await measure('find sorted (unindexed) toArray', phase('findSorted'));
  client.stdin!.end('quit\n');
  await new Promise((r) => client.once('exit', r));
  await measure('clean stop (final compaction)', async () => {
    await mongo.stop();
    return '';
  });
  histogram.disable();
  await fs.rm(dbPath, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
