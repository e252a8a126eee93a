/** `convert-cdnow`: CDNOW_master.txt / CDNOW_sample.txt → the `customer_id,date,amount` CSV. */
import { formatDay } from '@circles/shared';
import { parseFlags, required } from './args';
import { type CliIo, readInput, writeOutput } from './io';
import { CSV_HEADER, parseTransactions } from './input';

export function runConvertCdnow(argv: string[], io: CliIo): void {
  const flags = parseFlags(argv, { input: { type: 'string' }, out: { type: 'string' } });
  const input = required(flags.input, '--input');
  const out = required(flags.out, '--out');
  const transactions = parseTransactions(readInput(io, input), 'cdnow', input);
  const lines = [CSV_HEADER.join(',')];
  // Amounts go through Number → string, which gives back the file's shortest decimal form.
  for (const t of transactions) lines.push(`${t.customerId},${formatDay(t.day)},${t.amount}`);
  writeOutput(io, out, `${lines.join('\n')}\n`);
  io.stdout(`${transactions.length} transactions written to ${out}\n`);
}
