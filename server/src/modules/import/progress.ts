/** Where progress goes: a TTY gets a redrawn bar, anything else a plain line every few seconds. */
export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

const PLAIN_EVERY_MS = 5_000;
const TTY_EVERY_MS = 200;

const clock = (s: number) => {
  if (!Number.isFinite(s)) return '--:--';
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const mm = String(Math.floor((t % 3600) / 60)).padStart(2, '0');
  const ss = String(t % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Progress by bytes (the file size is known, its line count isn't): percentage and ETA from
 * the byte rate of this run, speed in CSV lines per second.
 */
export class Progress {
  private readonly t0 = Date.now();
  private lastDraw = Date.now();
  private lines = 0;

  constructor(
    private readonly sink: ProgressSink | null,
    private readonly total: number,
    private readonly startByte: number,
  ) {}

  update(byte: number, linesDone: number, counts: { imported: number; rejected: number }): void {
    this.lines = linesDone;
    const now = Date.now();
    if (!this.sink || now - this.lastDraw < (this.sink.isTTY ? TTY_EVERY_MS : PLAIN_EVERY_MS)) {
      return;
    }
    this.lastDraw = now;
    this.draw(byte, counts, false);
  }

  done(byte: number, counts: { imported: number; rejected: number }): void {
    if (this.sink) this.draw(byte, counts, true);
  }

  /** Lines per second over this run. */
  rate(): number {
    return this.lines / Math.max(0.001, (Date.now() - this.t0) / 1000);
  }

  private draw(byte: number, counts: { imported: number; rejected: number }, final: boolean) {
    const secs = (Date.now() - this.t0) / 1000;
    const share = this.total > 0 ? byte / this.total : 1;
    const byteRate = (byte - this.startByte) / Math.max(0.001, secs);
    const eta = final ? 0 : (this.total - byte) / byteRate;
    const pct = `${(share * 100).toFixed(1)}%`.padStart(6);
    const text =
      `${pct}  ${fmt(this.lines)} lines  ${fmt(Math.round(this.rate()))} lines/s  ` +
      `imported ${fmt(counts.imported)}  rejected ${fmt(counts.rejected)}  ` +
      `${final ? `took ${clock(secs)}` : `ETA ${clock(eta)}`}`;
    if (this.sink!.isTTY) {
      const width = 24;
      const filled = Math.round(share * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      this.sink!.write(`\r\x1b[2K${bar} ${text}${final ? '\n' : ''}`);
    } else this.sink!.write(`import: ${text}\n`);
  }
}
