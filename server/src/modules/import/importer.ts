import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Container } from '../../container';
import { type CsvEncoding, type FileEncoding, readCsvHeader, Utf8Check } from '../../lib/csv';
import { type Batch, readBatches } from './batches';
import { type ImportCounts, ImportCheckpoints } from './checkpoint';
import { BulkOrderWriter, type ImportStep } from './orders.bulk';
import { Progress, type ProgressSink } from './progress';
import { mapHeader, type Rejection } from './rows';

export interface ImportOptions {
  /** Orders per batch (one bulk write per collection per batch). */
  batchSize?: number;
  /** Progress output; defaults to stderr, null for none. */
  progress?: ProgressSink | null;
  /** Take the file over from a run whose process died while holding its lease. */
  takeover?: boolean;
  /** The file's character encoding; 'auto' (the default) takes GBK when it is not UTF-8. */
  encoding?: CsvEncoding;
  /** Where the JSON report goes; defaults to FILE.report.json, null for none. */
  reportPath?: string | null;
  /** Stops cleanly after the batch in flight (the next run resumes there). */
  signal?: AbortSignal;
  /** Test hook: runs before each write step of each batch (throw to simulate a crash). */
  beforeStep?: (step: ImportStep, batchNo: number) => void | Promise<void>;
}

export interface ImportSummary extends ImportCounts {
  file: string;
  sha256: string;
  /** Line the run resumed at after an interrupted run, or null for a fresh run. */
  resumedAtLine: number | null;
  seconds: number;
  /** CSV lines per second in this run. */
  linesPerSecond: number;
  /** The first rejections (all of them are in the report file). */
  rejections: Rejection[];
  reportPath: string | null;
}

export class ImportInterrupted extends Error {
  constructor(readonly atLine: number) {
    super('import interrupted; run it again to continue where it stopped');
  }
}

export const DEFAULT_BATCH = 4000;
const SUMMARY_REJECTIONS = 100;

export async function sha256File(file: string): Promise<string> {
  return (await scanFile(file, 'utf8')).sha256;
}

interface FileScan {
  sha256: string;
  encoding: FileEncoding;
}

/** The file's hash (its identity for checkpoints) and, in the same read, its encoding. */
async function scanFile(file: string, encoding: CsvEncoding): Promise<FileScan> {
  const h = createHash('sha256');
  const utf8 = encoding === 'auto' ? new Utf8Check() : null;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    utf8?.push(chunk as Buffer);
  }
  const sha256 = h.digest('hex');
  if (encoding !== 'auto') return { sha256, encoding };
  return { sha256, encoding: utf8?.end() ? 'utf8' : 'gbk' };
}

/**
 * Imports an order CSV (format: see rows.ts) through the bulk order path. Resumable: each
 * batch's end is checkpointed under the file's hash once fully applied; idempotent: a rerun
 * finds every order and counts it as a duplicate.
 */
export async function importOrdersFile(
  c: Container,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const t0 = Date.now();
  const { size } = await stat(file);
  const { sha256: id, encoding } = await scanFile(file, opts.encoding ?? 'auto');
  const header = await readCsvHeader(file, { encoding, source: path.basename(file) });
  if (!header) throw new Error(`${file} is empty (expected a header line)`);
  const cols = mapHeader(header.fields);

  const cp = new ImportCheckpoints(c.conn, c.clock);
  const { run, resumed } = await cp.begin(id, path.basename(file), size, opts.takeover);
  const start = run.offset || header.end;
  const firstLine = run.line || header.line + 1;
  const remaining = new Set(run.pending?.orderNos ?? []);
  const counts: ImportCounts = { ...run.counts };
  const thisRun = { records: 0, nextLine: firstLine };
  const sink = opts.progress === undefined ? process.stderr : opts.progress;
  const progress = new Progress(sink, size, start);
  const writer = new BulkOrderWriter(c);

  const batches = readBatches(file, cols, {
    start,
    firstLine,
    batchSize: opts.batchSize ?? DEFAULT_BATCH,
    encoding,
  });
  // Batch N+1 is read, validated and looked up while batch N is written. Only an orderNo
  // repeated from batch N must wait for N's insert, so its lookup sees it.
  const readNext = async (prev: Set<string> | null, prevWrite: Promise<unknown> | null) => {
    const r = await batches.next();
    if (r.done) return null;
    const batch: Batch = r.value;
    if (prev && batch.orders.some((o) => prev.has(o.body.orderNo))) await prevWrite;
    return { batch, read: await writer.read(batch.orders, remaining) };
  };
  let ahead = readNext(null, null);
  ahead.catch(() => {}); // surfaced by the await below; this only stops an unhandled warning
  try {
    for (let batchNo = 1; ; batchNo++) {
      if (opts.signal?.aborted) throw new ImportInterrupted(thisRun.nextLine);
      const cur = await ahead;
      if (!cur) break;
      const { batch, read } = cur;
      const writing = writer.write(read, {
        beforeWrite: (nos) => cp.intent(id, batch.start, [...nos, ...remaining]),
        beforeStep: opts.beforeStep ? (s) => opts.beforeStep!(s, batchNo) : undefined,
      });
      const settled = writing.catch(() => {});
      ahead = readNext(new Set(batch.orders.map((o) => o.body.orderNo)), settled);
      ahead.catch(() => {});
      const res = await writing;
      for (const o of batch.orders) remaining.delete(o.body.orderNo);
      const rejected = [...batch.rejected, ...res.rejected];
      const delta = {
        imported: res.imported,
        duplicate: res.duplicate,
        rejected: rejected.length,
        records: batch.records,
      };
      await cp.advance(id, { offset: batch.end, line: batch.nextLine }, delta, rejected);
      for (const k of Object.keys(delta) as Array<keyof ImportCounts>) counts[k] += delta[k];
      thisRun.records += batch.records;
      thisRun.nextLine = batch.nextLine;
      progress.update(batch.end, thisRun.records, counts);
    }
  } catch (err) {
    await ahead.catch(() => {});
    await batches.return(undefined).catch(() => {});
    await cp.release(id).catch(() => {});
    throw err;
  }
  progress.done(size, counts);
  const done = await cp.finish(id);
  const seconds = (Date.now() - t0) / 1000;
  const summary: ImportSummary = {
    file,
    sha256: id,
    ...done.counts,
    resumedAtLine: resumed ? firstLine : null,
    seconds,
    linesPerSecond: Math.round(thisRun.records / Math.max(0.001, seconds)),
    rejections: [],
    reportPath: opts.reportPath === undefined ? `${file}.report.json` : opts.reportPath,
  };
  for await (const r of cp.rejections(id)) {
    if (summary.rejections.length >= SUMMARY_REJECTIONS) break;
    summary.rejections.push(r);
  }
  if (summary.reportPath) await writeReport(summary, cp, id);
  return summary;
}

/** The report lists every rejection, streamed from the database (there may be many). */
async function writeReport(s: ImportSummary, cp: ImportCheckpoints, id: string): Promise<void> {
  const out = createWriteStream(s.reportPath!);
  const { rejections: _first, reportPath: _path, ...head } = s;
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r));
  await write(`${JSON.stringify({ ...head, finishedAt: new Date().toISOString() }).slice(0, -1)}`);
  await write(',"rejections":[');
  let first = true;
  for await (const r of cp.rejections(id)) {
    await write(`${first ? '\n  ' : ',\n  '}${JSON.stringify(r)}`);
    first = false;
  }
  out.end(`${first ? '' : '\n'}]}\n`);
  await finished(out);
}
