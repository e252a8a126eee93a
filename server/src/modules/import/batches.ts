import path from 'node:path';
import { type FileEncoding, readCsvRecords } from '../../lib/csv';
import {
  addRow,
  type ColumnMap,
  isRejection,
  type PreparedOrder,
  prepareOrder,
  type RawOrder,
  type Rejection,
} from './rows';

/** Whole orders read from [start, end) of the file, validated. */
export interface Batch {
  orders: PreparedOrder[];
  rejected: Rejection[];
  /** Byte range: `end` is where the next batch's first order starts (the resume point). */
  start: number;
  end: number;
  /** The next line number after this batch (what a resume continues counting from). */
  nextLine: number;
  /** CSV records (order lines) in the batch. */
  records: number;
}

/**
 * Groups consecutive rows into orders and orders into batches. A batch only ends where a new
 * order begins, so a checkpoint at `end` never splits an order.
 */
export async function* readBatches(
  file: string,
  cols: ColumnMap,
  opts: { start: number; firstLine: number; batchSize: number; encoding: FileEncoding },
): AsyncGenerator<Batch> {
  let batch: Batch = fresh(opts.start);
  let current: RawOrder | null = null;
  let count = 0;
  let lastEnd = opts.start;
  let lastLine = opts.firstLine;

  function fresh(start: number): Batch {
    return { orders: [], rejected: [], start, end: start, nextLine: 0, records: 0 };
  }
  const finish = (raw: RawOrder) => {
    const r = prepareOrder(raw, cols);
    if (isRejection(r)) batch.rejected.push(r);
    else batch.orders.push(r);
    count++;
  };

  const records = readCsvRecords(file, {
    start: opts.start,
    firstLine: opts.firstLine,
    encoding: opts.encoding,
    source: path.basename(file),
  });
  for await (const recs of records) {
    for (const rec of recs) {
      const next = addRow(current, rec, cols);
      if (next) {
        if (current) finish(current);
        if (count >= opts.batchSize) {
          batch.end = rec.start;
          batch.nextLine = rec.line;
          yield batch;
          batch = fresh(rec.start);
          count = 0;
        }
        current = next;
      }
      batch.records++;
      lastEnd = rec.end;
      lastLine = rec.line;
    }
  }
  if (current) finish(current);
  if (count > 0) {
    batch.end = lastEnd;
    batch.nextLine = lastLine + 1;
    yield batch;
  }
}
