import fs from 'node:fs/promises';
import path from 'node:path';
import type { Doc } from '../engine/compare';
import type { Engine, Op } from '../engine/engine';
import type { Logger } from '../wire/server';
import { JournalFile } from './journal-file';
import { acquireLock, type Lock } from './lock';
import { decodeRecords, encodeRecord } from './records';
import { encodeSnapshot, readSnapshot, writeFileSynced } from './snapshot';

/** Journal size that triggers compaction into a fresh snapshot. */
const COMPACT_BYTES = 64 * 1024 * 1024;
/** Periodic compaction keeps restarts fast even when the journal grows slowly. */
const COMPACT_INTERVAL_MS = 10 * 60 * 1000;
const COMPACT_MIN_BYTES = 1024 * 1024;

const journalName = (gen: number) => `journal.${gen}.log`;

async function fsyncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Durable storage under a dbpath: `snapshot.bson` (state as of generation G) plus
 * `journal.<n>.log` files (n >= G) holding every acknowledged command since, each record
 * fsynced before the command's reply goes out.
 */
export class Storage {
  private journal!: JournalFile;
  private gen = 0;
  private compacting?: Promise<void>;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly dir: string,
    private readonly engine: Engine,
    private readonly logger: Logger,
    private readonly lock: Lock,
  ) {}

  static async open(dir: string, engine: Engine, logger: Logger): Promise<Storage> {
    await fs.mkdir(dir, { recursive: true });
    const lock = await acquireLock(dir);
    const storage = new Storage(dir, engine, logger, lock);
    try {
      await storage.recover();
    } catch (err) {
      await lock.release();
      throw err;
    }
    storage.timer = setInterval(() => {
      if (storage.journal.size >= COMPACT_MIN_BYTES) void storage.compact();
    }, COMPACT_INTERVAL_MS);
    storage.timer.unref();
    return storage;
  }

  private async recover(): Promise<void> {
    const files = await fs.readdir(this.dir);
    for (const f of files)
      if (f.endsWith('.tmp')) await fs.rm(path.join(this.dir, f), { force: true });
    const snap = await readSnapshot(path.join(this.dir, 'snapshot.bson'));
    let base = 0;
    if (snap) {
      base = snap.gen;
      // a snapshot holds each collection's metadata, then all its documents
      let pending: { db: string; coll: string; docs: Doc[] } | undefined;
      const flush = () => {
        if (pending) this.engine.bulkLoad(pending.db, pending.coll, pending.docs);
        pending = undefined;
      };
      for (const op of snap.ops) {
        if (op.op !== 'insert') {
          flush();
          this.replay(op);
          continue;
        }
        if (!pending || pending.db !== op.db || pending.coll !== op.coll) {
          flush();
          pending = { db: op.db, coll: op.coll, docs: [] };
        }
        pending.docs.push(op.doc);
      }
      flush();
    }
    const gens = files
      .map((f) => /^journal\.(\d+)\.log$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let replayed = 0;
    for (const g of gens) {
      const file = path.join(this.dir, journalName(g));
      if (g < base) {
        await fs.rm(file, { force: true });
        continue;
      }
      const { records, validBytes } = decodeRecords(await fs.readFile(file));
      for (const ops of records) for (const op of ops) this.replay(op as Op);
      replayed += records.length;
      const { size } = await fs.stat(file);
      if (validBytes < size) {
        this.logger.warn(
          `embedded-mongo: dropping ${size - validBytes} bytes of torn journal tail in ${file}`,
        );
        await fs.truncate(file, validBytes);
      }
    }
    this.gen = Math.max(base, gens.at(-1) ?? 0);
    this.journal = await JournalFile.open(path.join(this.dir, journalName(this.gen)));
    await fsyncDir(this.dir);
    if (replayed > 0) {
      this.logger.info(`embedded-mongo: replayed ${replayed} journal records`);
      await this.compact();
    }
  }

  /**
   * Applies one recovered op. A failure means the files disagree with the engine's rules
   * (which they should never do); losing that one op beats refusing to start.
   */
  private replay(op: Op): void {
    try {
      this.engine.apply(op);
    } catch (err) {
      this.logger.error(
        err,
        `embedded-mongo: could not replay ${op.op} on ${'db' in op ? op.db : '?'}`,
      );
    }
  }

  /** Appends one command's ops to the journal; resolves when they are fsynced. */
  commit(ops: Op[]): Promise<void> {
    const done = this.journal.append(encodeRecord(ops));
    if (this.journal.size > COMPACT_BYTES && !this.compacting) {
      void done.then(() => this.compact()).catch(() => {});
    }
    return done;
  }

  /** Writes a snapshot of the current state and drops the journals it covers. */
  compact(): Promise<void> {
    this.compacting ??= this.doCompact()
      .catch((err) => this.logger.error(err, 'embedded-mongo: compaction failed'))
      .finally(() => {
        this.compacting = undefined;
      });
    return this.compacting;
  }

  private async doCompact(): Promise<void> {
    const next = this.gen + 1;
    const fresh = await JournalFile.open(path.join(this.dir, journalName(next)));
    await fsyncDir(this.dir);
    const old = this.journal;
    // Synchronous from here to the encode: the snapshot holds exactly what the old journals
    // describe and every later write lands in the fresh journal, which syncs only after the
    // old one so acknowledgements stay in order.
    this.journal = fresh;
    this.gen = next;
    const snapshot = encodeSnapshot(next, this.engine);
    fresh.after(old.drain());
    await old.close();
    const tmp = path.join(this.dir, 'snapshot.bson.tmp');
    await writeFileSynced(tmp, snapshot);
    await fs.rename(tmp, path.join(this.dir, 'snapshot.bson'));
    await fsyncDir(this.dir);
    for (const f of await fs.readdir(this.dir)) {
      const m = /^journal\.(\d+)\.log$/.exec(f);
      if (m && Number(m[1]) < next) await fs.rm(path.join(this.dir, f), { force: true });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.compacting;
    await this.journal.drain();
    if (this.journal.size > 0) await this.compact();
    await this.journal.close();
    await this.lock.release();
  }
}
