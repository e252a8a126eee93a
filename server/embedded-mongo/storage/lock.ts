import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../wire/server';
import { openPrivate } from './files';

/** How often a running engine rewrites the heartbeat in its lock file. */
export const HEARTBEAT_MS = 1000;
/** A heartbeat older than this (and not advancing) means the owner no longer runs an engine. */
export const STALE_MS = 10 * HEARTBEAT_MS;

export interface Lock {
  /** True while the lock file on disk is still the one this engine created. */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

/** What `mongod.lock` says about its owner. */
export interface LockOwner {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot): tells a reused pid apart. */
  start?: string;
  boot?: string;
  host?: string;
  token?: string;
  dbPath?: string;
  /** ISO time of the last heartbeat (fixed width, so each beat rewrites the file in place). */
  heartbeat?: string;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** State and start time of a process, from /proc (Linux); undefined elsewhere or if gone. */
export function processStat(pid: number): { state: string; start: string } | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // the command name (field 2) may hold spaces and parentheses: count from the last ')'
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], start: rest[19] };
}

const bootId = () => readProc('/proc/sys/kernel/random/boot_id')?.trim();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Wall-clock start of a process (ms), for locks written before start times were recorded. */
function startedAtMs(start: string): number | undefined {
  const btime = /^btime (\d+)$/m.exec(readProc('/proc/stat') ?? '')?.[1];
  // /proc reports start times in USER_HZ, which Linux fixes at 100
  return btime ? Number(btime) * 1000 + Number(start) * 10 : undefined;
}

async function readOwner(
  file: string,
): Promise<{ raw: string; owner?: LockOwner; mtimeMs: number }> {
  // a lock being created is empty for a moment: re-read before calling it garbage
  for (let attempt = 0; ; attempt++) {
    const [raw, st] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    if (/^\d+\s*$/.test(raw)) return { raw, owner: { pid: Number(raw) }, mtimeMs: st.mtimeMs };
    try {
      const owner = JSON.parse(raw) as LockOwner;
      if (Number.isInteger(owner.pid) && owner.pid > 0) return { raw, owner, mtimeMs: st.mtimeMs };
    } catch {}
    if (attempt >= 4) return { raw, mtimeMs: st.mtimeMs };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Why the lock's owner is not an engine on this dbpath any more, or undefined if it is. */
async function staleReason(file: string, raw: string, owner: LockOwner, mtimeMs: number) {
  const local = !owner.host || owner.host === os.hostname();
  if (local) {
    const boot = bootId();
    if (owner.boot && boot && owner.boot !== boot) return 'it was written before a reboot';
    if (owner.pid === process.pid) return 'this process holds no engine on it';
    if (!alive(owner.pid)) return `process ${owner.pid} is gone`;
    const stat = processStat(owner.pid);
    if (stat?.state === 'Z' || stat?.state === 'X') return `process ${owner.pid} is exiting`;
    if (stat && owner.start && stat.start !== owner.start) {
      return `pid ${owner.pid} now belongs to another process`;
    }
    if (stat && !owner.start) {
      // an older engine's pid-only lock: its owner must have started before writing it
      const started = startedAtMs(stat.start);
      if (started !== undefined && started > mtimeMs + 1000) {
        return `pid ${owner.pid} now belongs to another process`;
      }
      return undefined;
    }
  }
  const beat = owner.heartbeat ? Date.parse(owner.heartbeat) : mtimeMs;
  if (Date.now() - beat <= STALE_MS) return undefined;
  // our clock may have jumped: stale only if the heartbeat does not move either
  await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 1.5));
  const again = await fs.readFile(file, 'utf8').catch(() => '');
  if (again !== raw) return undefined;
  return `its heartbeat stopped ${Math.round((Date.now() - beat) / 1000)}s ago`;
}

function describeOwner(owner: LockOwner): string {
  const host = owner.host && owner.host !== os.hostname() ? ` on ${owner.host}` : '';
  const beat = owner.heartbeat ? Date.parse(owner.heartbeat) : Number.NaN;
  const ago = Number.isNaN(beat)
    ? ''
    : `, heartbeat ${((Date.now() - beat) / 1000).toFixed(1)}s ago`;
  return `process ${owner.pid}${host}${ago}`;
}

/**
 * Removes the lock file only if it still holds `raw`: it is renamed aside first, so two
 * engines taking over the same stale lock cannot delete each other's fresh one.
 */
async function removeIfUnchanged(file: string, raw: string): Promise<void> {
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => raw);
  if (moved !== raw) await fs.link(aside, file).catch(() => {}); // someone else's: put it back
  await fs.rm(aside, { force: true });
}

// dbpaths (real paths) this process holds: its own pid in a lock proves nothing
const heldHere = new Set<string>();

export interface LockOptions {
  logger: Logger;
  /** Called once if another process takes the lock over (this engine must stop writing). */
  onLost(err: Error): void;
}

/**
 * One engine per dbpath: `mongod.lock` names its owner (pid, process start time, boot id,
 * host) and carries a heartbeat. A lock whose owner is gone, was reused, predates a reboot or
 * stopped beating is taken over; a live engine's is refused.
 */
export async function acquireLock(dir: string, opts: LockOptions): Promise<Lock> {
  const file = path.join(dir, 'mongod.lock');
  const real = await fs.realpath(dir);
  if (heldHere.has(real)) {
    throw new Error(
      `embedded-mongo: ${dir} is in use by process ${process.pid} (an engine in this process holds it)`,
    );
  }
  heldHere.add(real); // reserved now: a second start in this process must not race us
  try {
    return await takeLock(dir, file, real, opts);
  } catch (err) {
    heldHere.delete(real);
    throw err;
  }
}

async function takeLock(dir: string, file: string, real: string, opts: LockOptions) {
  for (let attempt = 0; attempt < 5; attempt++) {
    let handle: fs.FileHandle;
    try {
      handle = await openPrivate(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const seen = await readOwner(file).catch(() => undefined);
      if (!seen) continue; // removed meanwhile
      const reason = seen.owner
        ? await staleReason(file, seen.raw, seen.owner, seen.mtimeMs)
        : 'it is unreadable';
      if (!reason) {
        throw new Error(
          `embedded-mongo: ${dir} is in use by ${describeOwner(seen.owner!)}; stop that engine or use another dbpath`,
        );
      }
      opts.logger.warn(`embedded-mongo: taking over the lock on ${dir}: ${reason}`);
      await removeIfUnchanged(file, seen.raw);
      continue;
    }
    return hold(file, real, handle, opts);
  }
  throw new Error(`embedded-mongo: could not lock ${dir}`);
}

async function hold(
  file: string,
  real: string,
  handle: fs.FileHandle,
  opts: LockOptions,
): Promise<Lock> {
  const owner: LockOwner = {
    pid: process.pid,
    start: processStat(process.pid)?.start,
    boot: bootId(),
    host: os.hostname(),
    token: randomBytes(8).toString('hex'),
    dbPath: real,
    heartbeat: new Date().toISOString(),
  };
  const write = async () => {
    owner.heartbeat = new Date().toISOString();
    const buf = Buffer.from(`${JSON.stringify(owner)}\n`);
    // same length every time: rewritten in place, never seen empty
    await handle.write(buf, 0, buf.length, 0);
  };
  const held = async () => {
    const [mine, current] = await Promise.all([
      handle.stat(),
      fs.stat(file).catch(() => undefined),
    ]);
    return current !== undefined && current.ino === mine.ino && current.dev === mine.dev;
  };
  let released = false;
  try {
    await write();
    await handle.datasync();
  } catch (err) {
    await handle.close();
    await fs.rm(file, { force: true });
    throw err;
  }
  let beating: Promise<void> | undefined;
  const beat = async () => {
    if (await held()) return write();
    clearInterval(timer);
    if (!released) opts.onLost(new Error(`embedded-mongo: the lock ${file} was taken over`));
  };
  const timer = setInterval(() => {
    beating ??= beat()
      .catch((err) => opts.logger.error(err, 'embedded-mongo: lock heartbeat failed'))
      .finally(() => {
        beating = undefined;
      });
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    held,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await beating;
      if (await held()) await fs.rm(file, { force: true });
      await handle.close();
      heldHere.delete(real);
    },
  };
}
