/**
 * The one CSV reader of the server and its CLIs, on csv-parse (RFC 4180: `"…"` quotes, `""` a
 * literal quote, quoted fields may hold commas and newlines; `\n` or `\r\n` line ends).
 *
 * - A UTF-8 BOM is dropped; `encoding: 'gbk'` decodes GBK (Chinese POS and Excel exports),
 *   `'auto'` uses UTF-8 when the whole file is valid UTF-8 and GBK otherwise.
 * - Blank and whitespace-only lines are skipped; rows may have any number of fields (callers
 *   check the count, so they can name the row).
 * - Every record carries the 1-based line it starts on and, when streaming a file, the byte
 *   range it occupies in the file (the import checkpoints on it), also for GBK files.
 * - Malformed quoting fails with a CsvSyntaxError naming the line of the offending record.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { type CsvError, type Options, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf8' | 'gbk' | 'auto';
export const CSV_ENCODINGS: readonly CsvEncoding[] = ['utf8', 'gbk', 'auto'];
/** What 'auto' resolves to. */
export type FileEncoding = Exclude<CsvEncoding, 'auto'>;

/** One CSV record and where it sits in the file (for line-numbered errors and checkpoints). */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line the record starts on. */
  line: number;
  /** Offset of the record's first byte, and of the byte after its line end (file bytes). */
  start: number;
  end: number;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    source?: string,
  ) {
    super(`${source ? `${source}:` : 'line '}${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

const NL = 0x0a;
const MAX_RECORD_CHARS = 4 << 20; // a runaway quote fails here instead of buffering the file

const OPTIONS: Options = {
  bom: true,
  relax_column_count: true,
  // A stray quote inside an unquoted field (`12" pizza`) is kept as a character.
  relax_quotes: true,
  // Blank lines come through as [''] and are dropped by RecordLocator, which counts them.
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n'],
  max_record_size: MAX_RECORD_CHARS,
};

type Locate = (fields: string[]) => CsvRecord | null;

/**
 * csv-parse pushes whatever on_record returns, but its typings only allow a different record
 * type together with `columns`; this is the one place that bridges the two.
 */
function onRecord(locate: Locate): Options['on_record'] {
  return locate as unknown as Options['on_record'];
}

/** Streaming UTF-8 validity check: chunks may split a multi-byte character anywhere. */
export class Utf8Check {
  private carry: Buffer | null = null;
  private ok = true;

  push(chunk: Buffer): boolean {
    if (!this.ok) return false;
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    // Back up over an incomplete trailing sequence (at most 3 bytes) and check it next time.
    let cut = buf.length;
    for (let i = buf.length - 1; i >= Math.max(0, buf.length - 3); i--) {
      const b = buf[i]!;
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (i + need > buf.length) cut = i;
      break;
    }
    this.carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
    this.ok = isUtf8(buf.subarray(0, cut));
    return this.ok;
  }

  /** True when everything pushed was valid UTF-8 (a truncated last character is not). */
  end(): boolean {
    return this.ok && this.carry === null;
  }
}

/** 'auto' resolved over the whole file (one read; stops at the first invalid byte). */
export async function detectFileEncoding(file: string): Promise<FileEncoding> {
  const check = new Utf8Check();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    if (!check.push(chunk as Buffer)) return 'gbk';
  }
  return check.end() ? 'utf8' : 'gbk';
}

/** Bytes → text without a BOM, decoding GBK when asked to (or, for 'auto', when not UTF-8). */
export function decodeCsvBytes(bytes: Buffer, encoding: CsvEncoding = 'auto'): string {
  const enc = encoding === 'auto' ? (isUtf8(bytes) ? 'utf8' : 'gbk') : encoding;
  const text = enc === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offsets of the newlines seen so far (a sliding window: records only ever move forward). */
class NewlineIndex {
  private positions: number[] = [];
  private dropped = 0;
  /** Offset just past everything added. */
  total: number;

  constructor(start: number) {
    this.total = start;
  }

  addBytes(chunk: Buffer): void {
    for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) {
      this.positions.push(this.total + i);
    }
    this.total += chunk.length;
  }

  addText(text: string): void {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.positions.push(this.total + i);
    }
    this.total += text.length;
  }

  /** Offset of the k-th newline (0-based) from the start, or undefined if not (yet) seen. */
  at(k: number): number | undefined {
    return this.positions[k - this.dropped];
  }

  /** Forgets newlines before the k-th. */
  dropBefore(k: number): void {
    const n = k - this.dropped;
    if (n > 4096 && n * 2 > this.positions.length) {
      this.positions = this.positions.slice(n);
      this.dropped = k;
    }
  }
}

/**
 * Line numbers and byte ranges of records, in the order csv-parse produces them (csv-parse's
 * own line counter counts a `\r\n` inside a quoted field twice). Every physical line outside a
 * quoted field yields a record (blank ones as ['']), so a record starts on the line after the
 * previous one and spans as many lines as its fields hold newlines.
 */
class RecordLocator {
  private linesUsed = 0;

  constructor(
    private readonly index: NewlineIndex,
    private readonly base: number,
    private readonly firstLine: number,
  ) {}

  /** The record with its position, or null for a blank or whitespace-only line. */
  locate(fields: string[]): CsvRecord | null {
    const first = this.linesUsed;
    let last = first;
    for (const f of fields) {
      for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) last++;
    }
    const lineEnd = this.index.at(last);
    this.linesUsed = last + (lineEnd === undefined ? 0 : 1);
    if (fields.length === 1 && fields[0]!.trim() === '') return null;
    const start = first === 0 ? this.base : this.index.at(first - 1)! + 1;
    const end = lineEnd === undefined ? this.index.total : lineEnd + 1;
    this.index.dropBefore(this.linesUsed - 1);
    return { fields, line: this.firstLine + first, start, end };
  }

  /** A csv-parse error as a CsvSyntaxError on the line its record starts (others unchanged). */
  failure(err: unknown, source?: string): unknown {
    const code = (err as Partial<CsvError>).code;
    if (typeof code !== 'string' || !code.startsWith('CSV_')) return err;
    const reasonText = reason(code, String((err as Error).message));
    return new CsvSyntaxError(this.firstLine + this.linesUsed, reasonText, source);
  }
}

function reason(code: string, message: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is not closed';
  if (code === 'CSV_INVALID_CLOSING_QUOTE')
    return 'unexpected text after a closing quote (write "" for a quote inside a quoted field)';
  if (code === 'CSV_MAX_RECORD_SIZE') return `record longer than ${MAX_RECORD_CHARS} characters`;
  return message.replace(/ at line \d+/, '');
}

/** Parses CSV text held in memory (the CLIs' inputs). Lines count from 1. */
export function parseCsvText(text: string, opts: { source?: string } = {}): CsvRecord[] {
  const index = new NewlineIndex(0);
  index.addText(text);
  const locator = new RecordLocator(index, 0, 1);
  try {
    const records = parseSync(text, {
      ...OPTIONS,
      on_record: onRecord((fields) => locator.locate(fields)),
    });
    return records as unknown as CsvRecord[];
  } catch (err) {
    throw locator.failure(err, opts.source);
  }
}

export interface ReadCsvOptions {
  /** Byte offset to start at: 0 or a record boundary (a previous record's `end`). */
  start?: number;
  /** Line number of the line at `start`. */
  firstLine?: number;
  /** Defaults to 'auto' (which reads the file once more, up front, to decide). */
  encoding?: CsvEncoding;
  /** Name used in error messages, e.g. the file's base name. */
  source?: string;
}

/**
 * Streams records from a file without holding it in memory. Yields arrays (whatever one read
 * chunk produced) because a yield per record costs more than parsing it.
 */
export async function* readCsvRecords(
  file: string,
  opts: ReadCsvOptions = {},
): AsyncGenerator<CsvRecord[]> {
  const start = opts.start ?? 0;
  const wanted = opts.encoding ?? 'auto';
  const encoding = wanted === 'auto' ? await detectFileEncoding(file) : wanted;
  const index = new NewlineIndex(start);
  const locator = new RecordLocator(index, start, opts.firstLine ?? 1);
  const decoder = encoding === 'gbk' ? iconv.getDecoder('gbk') : null;
  // The parser is driven by hand: write() parses the chunk synchronously, so its records can
  // be located before a syntax error further on in the same chunk surfaces (on the next tick).
  const parser = parse(OPTIONS);
  let failure: unknown = null;
  parser.on('error', (err) => {
    failure ??= locator.failure(err, opts.source);
  });
  const drain = (out: CsvRecord[]) => {
    for (let fields = parser.read(); fields !== null; fields = parser.read()) {
      const rec = locator.locate(fields as string[]);
      if (rec) out.push(rec);
    }
    return out;
  };
  const stream = createReadStream(file, { start, highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (failure) throw failure;
      // Newlines are indexed on the file's own bytes (GBK never uses 0x0a inside a character),
      // so offsets are file offsets whatever the parser sees.
      index.addBytes(chunk);
      parser.write(decoder ? Buffer.from(decoder.write(chunk), 'utf8') : chunk);
      const out = drain([]);
      if (out.length) yield out;
    }
    if (failure) throw failure;
    const rest = decoder?.end();
    if (rest) parser.write(Buffer.from(rest, 'utf8'));
    const out = drain([]);
    const ended = new Promise<void>((resolve) => {
      parser.on('data', (fields: string[]) => {
        const rec = locator.locate(fields);
        if (rec) out.push(rec);
      });
      parser.once('end', resolve);
      parser.once('close', resolve);
    });
    parser.end();
    await ended;
    if (failure) throw failure;
    if (out.length) yield out;
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

/** The first record (the header), with `end` where the data start. */
export async function readCsvHeader(
  file: string,
  opts: Omit<ReadCsvOptions, 'start' | 'firstLine'> = {},
): Promise<CsvRecord | null> {
  for await (const recs of readCsvRecords(file, opts)) return recs[0] ?? null;
  return null;
}

/** Quotes a field when it needs it (for writers of this format). */
export function csvField(v: string | number | undefined | null): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
