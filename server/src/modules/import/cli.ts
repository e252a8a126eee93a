import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCliContainer } from '../../lib/cli';
import { CSV_ENCODINGS, type CsvEncoding } from '../../lib/csv';
import { ImportBusyError } from './checkpoint';
import { DEFAULT_BATCH, ImportInterrupted, type ImportSummary, importOrdersFile } from './importer';
import { COLUMNS } from './rows';

const USAGE = `usage: npm run import:orders -w server -- FILE.csv [--batch-size N] [--takeover]
       [--encoding utf8|gbk|auto]

Imports orders from FILE.csv (header: ${COLUMNS.join(',')}; one row per order line;
UTF-8 or GBK, --encoding auto (the default) takes GBK when the file is not valid UTF-8).
Connects to MONGODB_URI, or opens the embedded engine in the data dir like npm start
(stop the server first, or point MONGODB_URI at it). Resumes an interrupted import of the
same file; a rerun of a finished file counts its orders as duplicates.`;

function fail(message: string, code = 1): never {
  process.stderr.write(`import:orders: ${message}\n`);
  process.exit(code);
}

const n = (v: number) => v.toLocaleString('en-US').padStart(11);

function print(s: ImportSummary): void {
  const lines = [
    `Imported ${path.basename(s.file)} (sha256 ${s.sha256.slice(0, 12)}…)` +
      (s.resumedAtLine ? `, resumed at line ${s.resumedAtLine}` : ''),
    `  order lines ${n(s.records)}`,
    `  imported    ${n(s.imported)} orders`,
    `  duplicate   ${n(s.duplicate)} orders (already there with the same content)`,
    `  rejected    ${n(s.rejected)} orders`,
    ...s.rejections
      .slice(0, 20)
      .map((r) => `    line ${r.line} ${r.orderNo || '(no orderNo)'}: ${r.reason}`),
    ...(s.rejected > 20 ? [`    … ${s.rejected - 20} more`] : []),
    `  time        ${s.seconds.toFixed(1)} s (${s.linesPerSecond.toLocaleString('en-US')} lines/s)`,
    ...(s.reportPath ? [`  report      ${s.reportPath}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'batch-size': { type: 'string', default: String(DEFAULT_BATCH) },
      takeover: { type: 'boolean', default: false },
      encoding: { type: 'string', default: 'auto' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1) fail(USAGE, values.help ? 0 : 2);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    fail('--batch-size must be a positive integer', 2);
  const encoding = values.encoding as CsvEncoding;
  if (!CSV_ENCODINGS.includes(encoding)) fail('--encoding must be utf8, gbk or auto', 2);
  // npm runs workspace scripts inside server/; a relative path means the caller's directory.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);

  const container = await openCliContainer();
  const stop = new AbortController();
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the batch in flight (Ctrl-C again to quit now)…\n');
    stop.abort();
  });
  try {
    print(
      await importOrdersFile(container, file, {
        batchSize,
        takeover: values.takeover,
        encoding,
        signal: stop.signal,
      }),
    );
  } catch (err) {
    await container.close();
    if (err instanceof ImportInterrupted) fail(`${err.message} (at line ${err.atLine})`, 130);
    if (err instanceof ImportBusyError) fail(err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') fail(`no such file: ${file}`);
    fail(e.message);
  }
  await container.close();
}

main().catch((err: unknown) => fail((err as Error).stack ?? String(err)));
