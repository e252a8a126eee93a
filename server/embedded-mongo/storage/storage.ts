import fs from 'node:fs/promises';
import path from 'node:path';
import type { Change, Engine } from '../engine/engine';
import type { Logger } from '../wire/server';
import { fsyncDir, mkdirPrivate } from './files';
import { JournalFile } from './journal-file';
import { acquireLock, type Lock } from './lock';
import { encodeOps } from './records';
import { journalName, type RecoveryReport, recover } from './recovery';
import { captureState, writeSnapshot } from './snapshot';

/** Journal size that triggers compaction into a fresh snapshot. */
const COMPACT_BYTES = 64 * 1024 * 1024;
/** Periodic compaction keeps restarts fast even when the journal grows slowly. */
const COMPACT_INTERVAL_MS = 10 * 60 * 1000;
const COMPACT_MIN_BYTES = 1024 * 1024;

export interface StorageOptions {
  /** Start despite a corrupt journal or snapshot: keep a copy, recover what can be read. */
  repair?: boolean;
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
  private lost?: Error;
  /** What recovery found at start-up. */
  recovery!: RecoveryReport;

  private constructor(
    private readonly dir: string,
    private readonly engine: Engine,
    private readonly logger: Logger,
    private lock: Lock,
  ) {}

  static async open(
    dir: string,
    engine: Engine,
    logger: Logger,
    opts: StorageOptions = {},
  ): Promise<Storage> {
    await mkdirPrivate(dir);
    let storage: Storage | undefined;
    const lock = await acquireLock(dir, {
      logger,
      onLost: (err) => {
        logger.error(err, 'embedded-mongo: refusing further writes');
        if (storage) storage.lost = err;
        storage?.journal?.poison(err);
      },
    });
    storage = new Storage(dir, engine, logger, lock);
    try {
      const { gen, report } = await recover(dir, engine, logger, opts.repair === true);
      storage.gen = gen;
      storage.recovery = report;
      storage.journal = await JournalFile.open(path.join(dir, journalName(gen)));
      if (storage.lost) storage.journal.poison(storage.lost);
      await fsyncDir(dir);
      if (report.replayed > 0 || report.repaired.length > 0) await storage.compact();
    } catch (err) {
      await lock.release();
      throw err;
    }
    const s = storage;
    s.timer = setInterval(() => {
      if (s.journal.size >= COMPACT_MIN_BYTES) void s.compact();
    }, COMPACT_INTERVAL_MS);
    s.timer.unref();
    return s;
  }

  /**
   * Appends one command's changes to the journal; resolves when they are fsynced. If the
   * write fails they are rolled back (with every later change) before the promise rejects.
   */
  commit(change: Change): Promise<void> {
    let payload: Buffer;
    try {
      payload = encodeOps(change.ops);
    } catch (err) {
      change.rollback();
      return Promise.reject(err);
    }
    const done = this.journal.append(payload, change.rollback);
    if (this.journal.size > COMPACT_BYTES && !this.compacting) {
      void done.then(
        () => this.compact(),
        () => {},
      );
    }
    return done;
  }

  /** Journal writes not yet durable (see JournalFile.tail). */
  pending(): Promise<void> | undefined {
    return this.journal.tail();
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
    if (this.lost) throw this.lost;
    const next = this.gen + 1;
    // The capture and the rotation happen at one instant: the snapshot holds exactly what the
    // journals before `next` describe, and later writes go to the new journal. Waiting for
    // the rotation means all of it is on disk: nothing in the snapshot can still roll back.
    const state = captureState(this.engine);
    await this.journal.rotate(path.join(this.dir, journalName(next)));
    this.gen = next;
    const tmp = path.join(this.dir, 'snapshot.bson.tmp');
    await writeSnapshot(tmp, next, state);
    // another engine that took the dbpath over must not get its snapshot replaced by ours
    if (!(await this.lock.held())) throw new Error(`embedded-mongo: lost the lock on ${this.dir}`);
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
