import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '../index';
import { type LockOwner, processStat } from '../storage/lock';
import { describeEngine, recordingLogger, tempDir, withEngine } from './storage-helpers';

// start times come from /proc; elsewhere only the pid and heartbeat checks apply
const linux = existsSync('/proc/self/stat');
const onLinux = linux ? it : it.skip;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A live process that is not an engine (a stand-in for whatever reused a pid). */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
    stdio: 'ignore',
  });
  children.push(child);
  await new Promise((r) => child.once('spawn', r));
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

/** Starts the hold-dbpath fixture and resolves once its engine holds the lock. */
function holder(dbPath: string): Promise<ChildProcess> {
  const fixture = path.join(__dirname, 'fixtures', 'hold-dbpath.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().startsWith('READY')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

async function writeLock(dbPath: string, owner: LockOwner): Promise<void> {
  await fs.writeFile(path.join(dbPath, 'mongod.lock'), `${JSON.stringify(owner)}\n`, {
    mode: 0o600,
  });
}

const bootId = () =>
  linux ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : undefined;

/** The lock a live engine in process `pid` would have written just now. */
function liveLock(pid: number, dbPath: string): LockOwner {
  return {
    pid,
    start: processStat(pid)?.start,
    boot: bootId(),
    host: os.hostname(),
    token: 'feedfacecafebeef',
    dbPath,
    heartbeat: new Date().toISOString(),
  };
}

async function startsAndTakesOver(dbPath: string, reason: RegExp): Promise<void> {
  const logger = recordingLogger();
  await withEngine(
    dbPath,
    async (db) => {
      await db.collection('x').insertOne({ ok: true });
    },
    { logger },
  );
  expect(logger.lines.join('\n')).toMatch(reason);
}

describeEngine('dbpath lock', () => {
  it('takes over a lock whose process is gone (a restart after kill -9)', async () => {
    const dbPath = await tempDir();
    await writeLock(dbPath, { ...liveLock(process.pid, dbPath), pid: await deadPid() });
    await startsAndTakesOver(dbPath, /taking over the lock .*: process \d+ is gone/);
  });

  onLinux('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    const dbPath = await tempDir();
    const other = await sleeper();
    const lock = liveLock(other.pid!, dbPath);
    await writeLock(dbPath, { ...lock, start: String(Number(lock.start) - 12345) });
    await startsAndTakesOver(dbPath, /pid \d+ now belongs to another process/);
  });

  onLinux('takes over a pid-only lock of an older engine once its pid was reused', async () => {
    const dbPath = await tempDir();
    const lockFile = path.join(dbPath, 'mongod.lock');
    const other = await sleeper();
    await fs.writeFile(lockFile, String(other.pid));
    const longAgo = new Date(Date.now() - 3600_000);
    await fs.utimes(lockFile, longAgo, longAgo); // written long before that process started
    await startsAndTakesOver(dbPath, /pid \d+ now belongs to another process/);
  });

  it('takes over a lock whose heartbeat stopped, though its process lives', async () => {
    const dbPath = await tempDir();
    const other = await sleeper();
    const stale = new Date(Date.now() - 3600_000).toISOString();
    await writeLock(dbPath, { ...liveLock(other.pid!, dbPath), heartbeat: stale });
    await startsAndTakesOver(dbPath, /heartbeat stopped \d+s ago/);
  }, 15_000);

  it('refuses a dbpath a live engine in another process holds, then starts once it is killed', async () => {
    const dbPath = await tempDir();
    const child = await holder(dbPath);
    const err = await startEmbeddedMongo({ dbPath }).then(
      async (m) => {
        await m.stop();
        throw new Error('a second engine started on a held dbpath');
      },
      (e: Error) => e,
    );
    expect(err.message).toContain(`${dbPath} is in use by process ${child.pid}`);
    expect(err.message).toMatch(/heartbeat \d+\.\ds ago/);
    // the refused start left the live engine's lock alone
    const owner = JSON.parse(await fs.readFile(path.join(dbPath, 'mongod.lock'), 'utf8'));
    expect(owner.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await startsAndTakesOver(dbPath, /process \d+ is gone/);
  }, 30_000);

  it('refuses a second engine on the same dbpath in the same process', async () => {
    const dbPath = await tempDir();
    const alias = `${dbPath}-alias`;
    await fs.symlink(dbPath, alias);
    const first = await startEmbeddedMongo({ dbPath });
    try {
      await expect(startEmbeddedMongo({ dbPath: alias })).rejects.toThrow(
        `is in use by process ${process.pid}`,
      );
    } finally {
      await first.stop();
    }
    // released on stop: the next start is clean
    const logger = recordingLogger();
    await withEngine(dbPath, async () => {}, { logger });
    expect(logger.lines.join('\n')).not.toMatch(/taking over/);
  });

  it('stops writing once another process has taken the lock over', async () => {
    const dbPath = await tempDir();
    const logger = recordingLogger();
    await withEngine(
      dbPath,
      async (db) => {
        await db.collection('x').insertOne({ n: 1 });
        // what a takeover does: the lock file is replaced by another engine's
        const lockFile = path.join(dbPath, 'mongod.lock');
        await fs.rename(lockFile, `${lockFile}.gone`);
        await writeLock(dbPath, liveLock(process.pid, dbPath));
        await new Promise((r) => setTimeout(r, 2500)); // a heartbeat or two
        await expect(db.collection('x').insertOne({ n: 2 })).rejects.toThrow(/taken over/);
        expect(await db.collection('x').countDocuments({ n: 2 })).toBe(0);
      },
      { logger },
    );
    expect(logger.lines.join('\n')).toMatch(/lock .* was taken over/);
  }, 15_000);
});
