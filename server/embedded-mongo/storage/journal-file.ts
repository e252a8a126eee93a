import fs from 'node:fs/promises';

interface Pending {
  buf: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * An append-only file with group commit: appends queued while a write+fdatasync is in flight
 * go out together in the next one, and each caller resolves only once its bytes are synced.
 */
export class JournalFile {
  private queue: Pending[] = [];
  private flushing?: Promise<void>;
  private failed?: Error;
  private barrier: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: fs.FileHandle,
    public size: number,
  ) {}

  static async open(path: string, size = 0): Promise<JournalFile> {
    const handle = await fs.open(path, 'a+');
    if (size === 0) {
      const st = await handle.stat();
      size = st.size;
    }
    return new JournalFile(path, handle, size);
  }

  append(buf: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ buf, resolve, reject });
      this.flushing ??= this.flush().finally(() => {
        this.flushing = undefined;
      });
    });
  }

  /** Holds this file's syncs until `earlier` settles (the previous journal's last writes). */
  after(earlier: Promise<unknown>): void {
    this.barrier = earlier.catch(() => {});
  }

  private async flush(): Promise<void> {
    await this.barrier;
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      const data = batch.length === 1 ? batch[0].buf : Buffer.concat(batch.map((p) => p.buf));
      try {
        let off = 0;
        while (off < data.length) {
          const { bytesWritten } = await this.handle.write(data, off, data.length - off);
          off += bytesWritten;
        }
        await this.handle.datasync();
        this.size += data.length;
        for (const p of batch) p.resolve();
      } catch (err) {
        // the file's tail is now unknown: refuse further writes rather than ack them
        this.failed = err as Error;
        for (const p of [...batch, ...this.queue]) p.reject(this.failed);
        this.queue = [];
        return;
      }
    }
  }

  /** Resolves once everything appended so far is on disk. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }
}
