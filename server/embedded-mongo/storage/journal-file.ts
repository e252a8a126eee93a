import type fs from 'node:fs/promises';
import path from 'node:path';
import { faults } from './faults';
import { fsyncDir, openPrivate, writeAll } from './files';
import { encodeBatch } from './records';

interface Write {
  kind: 'write';
  payload: Buffer;
  /** Undoes the command's changes in memory; called, newest first, if the write fails. */
  rollback?: () => void;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface Rotation {
  kind: 'rotate';
  path: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

type Item = Write | Rotation;

/**
 * An append-only journal with group commit: writes queued while a write+fdatasync is in
 * flight go out together, as one frame, in the next one; each resolves once its bytes are
 * synced. A failed write rolls back, newest first, every command not yet on disk (later ones
 * may have read what the failed ones wrote), cuts the file back to its last good frame and
 * carries on. Rotations to a fresh file are queued in line with the writes.
 */
export class JournalFile {
  private queue: Item[] = [];
  private flushing?: Promise<void>;
  private failed?: Error;
  private last?: Promise<void>;
  private unsettled = 0;

  private constructor(
    public path: string,
    private handle: fs.FileHandle,
    /** Bytes of intact, synced frames in the current file. */
    public size: number,
  ) {}

  static async open(file: string): Promise<JournalFile> {
    const handle = await openPrivate(file, 'a+');
    const { size } = await handle.stat();
    return new JournalFile(file, handle, size);
  }

  append(payload: Buffer, rollback?: () => void): Promise<void> {
    if (this.failed) {
      rollback?.();
      return Promise.reject(this.failed);
    }
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'write', payload, rollback, resolve, reject });
    });
    this.unsettled++;
    const settled = () => {
      this.unsettled--;
    };
    done.then(settled, settled);
    this.last = done;
    this.kick();
    return done;
  }

  /**
   * Settles once every write appended so far is durable, or rejects if one failed (and was
   * rolled back); undefined when nothing is pending. A read waits on it before answering, so
   * it never returns data that might still be rolled back.
   */
  tail(): Promise<void> | undefined {
    return this.unsettled > 0 ? this.last : undefined;
  }

  /** Switches to `file` once everything appended before this call is durable in the old one. */
  rotate(file: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'rotate', path: file, resolve, reject });
    });
    this.kick();
    return done;
  }

  /** Refuses every later write (e.g. the dbpath lock was lost to another process). */
  poison(err: Error): void {
    this.failed ??= err;
    if (!this.flushing) this.failQueued(this.failed);
  }

  private kick(): void {
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      if (this.failed) return this.failQueued(this.failed);
      const head = this.queue[0];
      if (head.kind === 'rotate') {
        this.queue.shift();
        await this.switchTo(head);
        continue;
      }
      let n = 1;
      while (n < this.queue.length && this.queue[n].kind === 'write') n++;
      const batch = this.queue.splice(0, n) as Write[];
      const data = encodeBatch(batch.map((w) => w.payload));
      try {
        await this.writeSynced(data);
      } catch (err) {
        await this.recoverFrom(err as Error, batch);
        continue;
      }
      this.size += data.length;
      for (const w of batch) w.resolve();
    }
  }

  private async writeSynced(data: Buffer): Promise<void> {
    const fault = faults.journal ? await faults.journal() : undefined;
    if (fault) {
      await writeAll(this.handle, data.subarray(0, Math.min(fault.writtenBytes ?? 0, data.length)));
      throw fault.error;
    }
    await writeAll(this.handle, data);
    await this.handle.datasync();
  }

  /** Synchronously undoes and fails `batch` and everything queued after it, newest first. */
  private failItems(items: Item[], err: Error): void {
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item.kind === 'write') item.rollback?.();
    }
    for (const item of items) item.reject(err);
  }

  private failQueued(err: Error): void {
    const queued = this.queue;
    this.queue = [];
    this.failItems(queued, err);
  }

  private async recoverFrom(err: Error, batch: Write[]): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.failItems([...batch, ...queued], err);
    // A partly written frame would be a torn tail today and mid-journal corruption once more
    // frames follow; a fully written one whose sync failed would be replayed after a restart.
    try {
      await this.handle.truncate(this.size);
      await this.handle.datasync();
    } catch (cause) {
      this.failed = new Error(
        `journal ${this.path} could not be cut back after a failed write (${(cause as Error).message}); refusing writes until restart`,
      );
    }
  }

  private async switchTo(r: Rotation): Promise<void> {
    try {
      const next = await openPrivate(r.path, 'a+');
      const { size } = await next.stat();
      await fsyncDir(path.dirname(r.path));
      const old = this.handle;
      this.handle = next;
      this.path = r.path;
      this.size = size;
      await old.close();
      r.resolve();
    } catch (err) {
      // the old file stays current and complete; only the compaction that asked gives up
      r.reject(err as Error);
    }
  }

  /** Resolves once everything appended so far is on disk (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }
}
