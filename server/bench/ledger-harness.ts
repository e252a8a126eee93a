// Shared parts of the points and wallet ledger benchmarks.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { testConfig } from '../src/config';
import { type Container, createContainer } from '../src/container';

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const line = (label: string, value: string) =>
  console.log(`${label.padEnd(44)} ${value.padStart(16)}`);

/** Runs `n` tasks with at most `concurrency` in flight. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

/** Prints the writes per second of a scenario that started at `t`. */
export function report(label: string, writes: number, t: number, concurrency: number): void {
  const secs = (performance.now() - t) / 1000;
  line(label, `${fmt(writes / secs)} writes/s`);
  line('  entries / seconds / concurrency', `${fmt(writes)} / ${secs.toFixed(1)} / ${concurrency}`);
}

/** Command-line sizes and a fresh container (in-memory engine, or MONGODB_URI when set). */
export async function openLedgerBench(title: string): Promise<{
  c: Container;
  writes: number;
  members: number;
  concurrency: number;
}> {
  const { values } = parseArgs({
    options: {
      writes: { type: 'string', default: '4000' },
      members: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const uri = process.env.MONGODB_URI;
  const c = await createContainer(testConfig({ logLevel: 'warn', mongodbUri: uri }));
  console.log(
    `${title}: ${os.cpus().length} cores, ${uri ? 'MONGODB_URI' : 'embedded engine (in memory, same process)'}`,
  );
  return {
    c,
    writes: Number(values.writes),
    members: Number(values.members),
    concurrency: Number(values.concurrency),
  };
}
