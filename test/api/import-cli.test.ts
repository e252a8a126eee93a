import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256File } from '@circles/server/src/modules/import/importer';
import { writeSampleOrdersCsv } from '@circles/server/src/modules/import/sample';
import { startTestApp, type TestApp } from './helpers/app';
import { snapshot } from './helpers/import';

describe('import:orders CLI', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = await mkdtemp(path.join(os.tmpdir(), 'circles-import-cli-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (file: string, ...args: string[]) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(__dirname, '../../server/src/modules/import/cli.ts'),
        file,
        ...args,
      ],
      {
        env: {
          ...process.env,
          MONGODB_URI: t.container.db.uri,
          NODE_ENV: 'test',
          SANDBOX: 'on',
          SEED_DEMO: 'off',
          LOG_LEVEL: 'silent',
          PHONE_ENC_KEY: key,
        },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const done = new Promise<{ code: number | null; out: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, out })),
    );
    return { child, done };
  };
  const key = randomBytes(32).toString('base64');

  it('is killed mid-import (SIGKILL), refuses to run while the lease holds, resumes with --takeover', async () => {
    const file = path.join(dir, 'K.csv');
    const stats = await writeSampleOrdersCsv(file, {
      lines: 15_000,
      members: 3000,
      seed: 21,
      prefix: 'K',
    });
    const runs = t.container.conn.collection('import_runs');
    const id = await sha256File(file);
    const first = cli(file, '--batch-size', '100');
    for (;;) {
      const run = await runs.findOne({ _id: id as never });
      if (run && run.offset > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    expect((await first.done).code).toBeNull();

    const busy = await cli(file).done;
    expect(busy.code).toBe(1);
    expect(busy.out).toMatch(/another import of this file holds it/);

    const resumed = await cli(file, '--takeover').done;
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/resumed at line \d+/);
    expect(resumed.out).toMatch(
      new RegExp(`imported +${stats.orders.toLocaleString('en-US')} orders`),
    );
    const snap = await snapshot(t, 'K');
    expect(snap).toMatchObject({ orders: stats.orders, growthEntries: stats.orders });
    const spend = [...snap.members.values()].reduce((sum, m) => sum + (m.totalSpend as number), 0);
    expect(spend).toBe(stats.revenue);
  }, 180_000); // three CLI runs on a dbpath engine (fsync per group commit): ~60 s on 2 busy cores; the limit only stops a hang
});
