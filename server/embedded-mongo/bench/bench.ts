// Prints the embedded engine's figures against the issue's targets. Run:
//   npm run bench:mongo -w server
// The engine runs in its own process (the CLI), as with `npm run mongo:embedded`, so the
// client's work does not share its event loop; server time comes from serverStatus.opLatencies.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';

const N = 100_000;
const LOOKUPS = 10_000;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(44)} ${value.padStart(12)}${target ? `   (target ${target})` : ''}`);
}

/** Starts the CLI on a free port; resolves with its URI once it listens. */
function startServer(
  dbPath: string,
): Promise<{ uri: string; child: ChildProcess; startMs: number }> {
  const cli = path.join(__dirname, '..', 'cli.ts');
  const t = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', '0', '--dbpath', dbPath, '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) =>
      resolve({ uri: d.toString().trim(), child, startMs: ms(t) }),
    );
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

type Latencies = Record<'reads' | 'writes', { latency: number; ops: number }>;

async function latencies(conn: mongoose.Connection): Promise<Latencies> {
  const status = await conn.db!.admin().command({ serverStatus: 1 });
  return status.opLatencies as Latencies;
}

async function main(): Promise<void> {
  const dbPath = await fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-bench-'));
  const server = await startServer(dbPath);
  const conn = await mongoose.createConnection(server.uri).asPromise();
  const Member = conn.model(
    'BenchMember',
    new Schema({
      memberNo: { type: String, unique: true },
      brandId: String,
      tier: String,
      points: Number,
      joinedAt: Date,
    }),
  );
  await Member.init();
  console.log(
    `embedded-mongo benchmark: ${N} docs, durability on (dbpath ${dbPath}), ${os.cpus().length} cores, load average ${loadavg()}`,
  );

  const docs = Array.from({ length: N }, (_, i) => ({
    memberNo: `M${String(i).padStart(7, '0')}`,
    brandId: `b${i % 10}`,
    tier: ['silver', 'gold', 'platinum'][i % 3],
    points: i % 1000,
    joinedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
  }));
  const writeSecs = async () => (await latencies(conn)).writes.latency / 1e6;
  let w0 = await writeSecs();
  let t = process.hrtime.bigint();
  await Member.insertMany(docs);
  line('insertMany 100k (mongoose, fsync on)', `${(ms(t) / 1000).toFixed(2)} s`, '<= 6 s');
  line(
    '  of which server time (incl. journal fsync)',
    `${((await writeSecs()) - w0).toFixed(2)} s`,
  );
  w0 = await writeSecs();
  t = process.hrtime.bigint();
  await Member.insertMany(
    docs.map((d) => ({ ...d, memberNo: `L${d.memberNo}` })),
    { lean: true },
  );
  line('insertMany 100k (mongoose lean, fsync on)', `${(ms(t) / 1000).toFixed(2)} s`);
  line(
    '  of which server time (incl. journal fsync)',
    `${((await writeSecs()) - w0).toFixed(2)} s`,
  );

  const lookup = async (i: number) => {
    const no = `M${String((i * 7919) % N).padStart(7, '0')}`;
    const m = await Member.findOne({ memberNo: no }).lean();
    if (!m || m.memberNo !== no) throw new Error(`lookup of ${no} failed`);
  };
  // warm up both JITs first, as any long-running server would be
  for (let i = 0; i < 1000; i++) await lookup(N - i);
  const before = (await latencies(conn)).reads;
  t = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) await lookup(i);
  const total = ms(t);
  const after = (await latencies(conn)).reads;
  const serverMs = (after.latency - before.latency) / 1000 / (after.ops - before.ops);
  line('10k findOne by unique field (lean), total', `${(total / 1000).toFixed(2)} s`, '<= 4 s');
  line('  per round trip', `${(total / LOOKUPS).toFixed(3)} ms`);
  line('  server time per findOne', `${serverMs.toFixed(3)} ms`, '<= 0.3 ms');

  t = process.hrtime.bigint();
  const groups = await Member.aggregate([
    { $match: { memberNo: { $regex: '^M' } } },
    { $group: { _id: '$tier', n: { $sum: 1 }, points: { $sum: '$points' } } },
  ]);
  line('$group aggregate over 100k docs', `${ms(t).toFixed(0)} ms`);
  if (groups.reduce((a, g) => a + g.n, 0) !== N) throw new Error('aggregate miscounted');

  const { mem } = await conn.db!.admin().command({ serverStatus: 1 });
  line('engine memory after load (200k docs): rss', `${mem.resident} MB`);
  line('  JS heap used', `${mem.heapUsedMb} MB`);

  await conn.close();
  t = process.hrtime.bigint();
  await stopServer(server.child);
  line('clean stop (compacts 200k docs into a snapshot)', `${ms(t).toFixed(0)} ms`);
  const again = await startServer(dbPath);
  line('restart from snapshot, until listening', `${again.startMs.toFixed(0)} ms`);
  await stopServer(again.child);
  await fs.rm(dbPath, { recursive: true, force: true });
  console.log(`load average at the end: ${loadavg()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
