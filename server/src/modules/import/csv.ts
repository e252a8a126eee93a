import { createReadStream } from 'node:fs';

/** One CSV record with where it sits in the file (for line-numbered errors and checkpoints). */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line the record starts on. */
  line: number;
  /** Byte offset of the record's first byte, and of the byte after its line end. */
  start: number;
  end: number;
}

const NL = 0x0a;
const QUOTE = '"';
const BOM = '\uFEFF';

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf(QUOTE); i !== -1; i = s.indexOf(QUOTE, i + 1)) n++;
  return n;
}

/** RFC 4180 fields: commas split, `"…"` quotes, `""` is a literal quote inside quotes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes(QUOTE)) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === QUOTE) {
        if (line[i + 1] === QUOTE) {
          field += QUOTE;
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === QUOTE) quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Quotes a field when it needs it (for writers of this format). */
export function csvField(v: string | number | undefined | null): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Streams records from `start` (a record boundary) without holding the file in memory.
 * Yields arrays (one per read chunk) because a yield per record costs more than parsing it.
 * A quoted field may span lines: a record continues while its quote count is odd.
 */
export async function* readCsvRecords(
  file: string,
  opts: { start?: number; firstLine?: number } = {},
): AsyncGenerator<CsvRecord[]> {
  const stream = createReadStream(file, { start: opts.start ?? 0, highWaterMark: 1 << 20 });
  let offset = opts.start ?? 0;
  let line = opts.firstLine ?? 1;
  let carry: Buffer | null = null;
  let pending: { text: string; line: number; start: number } | null = null;

  const emit = (
    text: string,
    lineStart: number,
    recStart: number,
    end: number,
    out: CsvRecord[],
  ) => {
    if (recStart === 0 && text.startsWith(BOM)) text = text.slice(1);
    if (pending) {
      text = `${pending.text}\n${text}`;
      lineStart = pending.line;
      recStart = pending.start;
      pending = null;
    }
    if ((text.includes(QUOTE) ? countQuotes(text) : 0) % 2 === 1) {
      pending = { text, line: lineStart, start: recStart };
      return;
    }
    if (text.trim() === '') return;
    out.push({ fields: splitCsvLine(text), line: lineStart, start: recStart, end });
  };

  for await (const raw of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = carry ? Buffer.concat([carry, raw]) : raw;
    const base = offset - (carry?.length ?? 0);
    carry = null;
    const out: CsvRecord[] = [];
    let pos = 0;
    for (let nl = buf.indexOf(NL, pos); nl !== -1; nl = buf.indexOf(NL, pos)) {
      const stop = nl > pos && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      emit(buf.toString('utf8', pos, stop), line, base + pos, base + nl + 1, out);
      line++;
      pos = nl + 1;
    }
    offset += raw.length;
    if (pos < buf.length) carry = buf.subarray(pos);
    if (out.length) yield out;
  }
  const out: CsvRecord[] = [];
  if (carry) {
    const stop = carry[carry.length - 1] === 0x0d ? carry.length - 1 : carry.length;
    emit(carry.toString('utf8', 0, stop), line, offset - carry.length, offset, out);
  }
  if (pending) {
    const p = pending as { text: string; line: number; start: number };
    // An unterminated quote: hand the rest over as one record so it is rejected, not dropped.
    out.push({ fields: splitCsvLine(p.text), line: p.line, start: p.start, end: offset });
  }
  if (out.length) yield out;
}

/** The first record (the header) and the offset where data starts. */
export async function readHeader(file: string): Promise<CsvRecord | null> {
  for await (const recs of readCsvRecords(file)) return recs[0] ?? null;
  return null;
}
