// Bulk order import benchmark. Run:
//   npm run bench:import -w server [-- --lines 1000000 --members 300000 --engine process|inline --rerun]
// Generates an order CSV in a temp dir, imports it into a fresh in-memory embedded engine and
// prints the figures (target: 1M lines in <= 3 min on the 2-core dev machine). By default the
// engine runs in its own process (as `npm run mongo:embedded` / a real mongod would), so the
// importer's parsing and the engine's writes use both cores; `--engine inline` runs it in the
// importer's process, the way `npm run import:orders` does without MONGODB_URI.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../embedded-mongo';
import { testConfig } from '../src/config';
import { createContainer } from '../src/container';
import { importOrdersFile } from '../src/modules/import/importer';
import { writeSampleOrdersCsv } from '../src/modules/import/sample';

const secs = (t: number) => (performance.now() - t) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(40)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}

/** The engine CLI in memory (no --dbpath) on a free port; resolves once it listens. */
function engineProcess(): Promise<{ uri: string; stop(): Promise<void> }> {
  const cli = path.join(__dirname, '..', 'embedded-mongo', 'cli.ts');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', '0', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) =>
      resolve({
        uri: d.toString().trim(),
        stop: () =>
          new Promise<void>((r) => {
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      }),
    );
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '1000000' },
      members: { type: 'string', default: '300000' },
      engine: { type: 'string', default: 'process' },
      'batch-size': { type: 'string', default: '4000' },
      rerun: { type: 'boolean', default: false },
    },
  });
  const lines = Number(values.lines);
  const members = Number(values.members);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'circles-import-bench-'));
  const file = path.join(dir, 'orders.csv');
  console.log(
    `import benchmark: ${fmt(lines)} lines, ~${fmt(members)} members, ${os.cpus().length} cores, engine ${values.engine}`,
  );

  let t = performance.now();
  const gen = await writeSampleOrdersCsv(file, { lines, members, seed: 42, prefix: 'B' });
  const { size } = await fs.stat(file);
  line('generate CSV', `${secs(t).toFixed(1)} s`);
  line(
    '  orders / members / MB',
    `${fmt(gen.orders)} / ${fmt(gen.members)} / ${(size / 1e6).toFixed(0)}`,
  );

  const engine = values.engine === 'inline' ? await startEmbeddedMongo() : await engineProcess();
  const c = await createContainer(testConfig({ mongodbUri: engine.uri, logLevel: 'warn' }));
  try {
    const busy = async () => {
      const st = await c.conn.db!.admin().command({ serverStatus: 1 });
      const l = st.opLatencies as Record<string, { latency: number }>;
      return (l.reads!.latency + l.writes!.latency + l.commands!.latency) / 1e6;
    };
    const busyBefore = await busy();
    t = performance.now();
    const s = await importOrdersFile(c, file, {
      batchSize: Number(values['batch-size']),
      reportPath: null,
    });
    const total = secs(t);
    line('import', `${total.toFixed(1)} s`, '<= 180 s');
    line('  lines/s', fmt(s.records / total));
    line(
      '  engine busy (server-side command time)',
      `${((await busy()) - busyBefore).toFixed(1)} s`,
    );
    line(
      '  imported / duplicate / rejected',
      `${fmt(s.imported)} / ${s.duplicate} / ${s.rejected}`,
    );
    const m = c.services.members.m.Member;
    const tiers = await m.aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$tierCode', n: { $sum: 1 } } },
      { $sort: { n: -1 } },
    ]);
    line('  members created', fmt(await m.countDocuments()));
    line('  members per tier', tiers.map((x) => `${x._id} ${x.n}`).join(', '));
    if (values.rerun) {
      t = performance.now();
      const again = await importOrdersFile(c, file, { reportPath: null, progress: null });
      line('rerun (everything duplicate)', `${secs(t).toFixed(1)} s`);
      line('  imported / duplicate', `${fmt(again.imported)} / ${fmt(again.duplicate)}`);
    }
  } finally {
    await c.close();
    await engine.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
