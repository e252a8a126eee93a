/**
 * Transaction input for the analytics CLI: the `customer_id,date,amount` CSV, or the CDNOW text
 * formats (master: `id date cds dollars` with a header; sample: `master_id new_id date cds
 * dollars`, no header). Errors name the file and line.
 */
import { parseDay, type Transaction } from '@circles/shared';
import { type CsvRecord, CsvSyntaxError, parseCsvText } from '../../../lib/csv';
import { CliError } from './errors';

export type InputFormat = 'csv' | 'cdnow';
export const CSV_HEADER = ['customer_id', 'date', 'amount'] as const;

export function parseTransactions(
  text: string,
  format: InputFormat,
  fileName: string,
): Transaction[] {
  if (format === 'csv') return parseCsv(text, fileName);
  return parseCdnow(text.replace(/^\uFEFF/, '').split(/\r?\n/), fileName);
}

/** CSV records of a CLI input (lib/csv), with syntax errors as CLI data errors. */
export function readCsvInput(text: string, fileName: string): CsvRecord[] {
  try {
    return parseCsvText(text, { source: fileName });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CliError(err.message);
    throw err;
  }
}

function parseCsv(text: string, fileName: string): Transaction[] {
  const [head, ...rows] = readCsvInput(text, fileName);
  const header = (head?.fields ?? []).map((h) => h.trim().toLowerCase());
  if (header.join(',') !== CSV_HEADER.join(',')) {
    throw new CliError(
      `${fileName}:${head?.line ?? 1}: header must be '${CSV_HEADER.join(',')}', got '${head?.fields.join(',') ?? ''}'`,
    );
  }
  const out: Transaction[] = [];
  for (const { fields, line } of rows) {
    if (fields.length !== 3) {
      throw new CliError(
        `${fileName}:${line}: expected 3 fields (customer_id,date,amount), got ${fields.length}`,
      );
    }
    out.push(toTransaction(fields[0].trim(), fields[1].trim(), fields[2].trim(), fileName, line));
  }
  return out;
}

function parseCdnow(lines: string[], fileName: string): Transaction[] {
  const out: Transaction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].trim().split(/\s+/);
    if (fields[0] === '') continue;
    if (i === 0 && !/^\d+$/.test(fields[0])) continue; // the master file's header line
    const lineNo = i + 1;
    if (fields.length === 4) {
      out.push(
        toTransaction(
          stripZeros(fields[0], fileName, lineNo),
          fields[1],
          fields[3],
          fileName,
          lineNo,
        ),
      );
    } else if (fields.length === 5) {
      // The sample's second column is the 1..2357 id used by the published summary table.
      out.push(
        toTransaction(
          stripZeros(fields[1], fileName, lineNo),
          fields[2],
          fields[4],
          fileName,
          lineNo,
        ),
      );
    } else {
      throw new CliError(
        `${fileName}:${lineNo}: expected 4 (master) or 5 (sample) CDNOW columns, got ${fields.length}`,
      );
    }
  }
  return out;
}

function stripZeros(id: string, fileName: string, lineNo: number): string {
  if (!/^\d+$/.test(id))
    throw new CliError(`${fileName}:${lineNo}: CDNOW customer id '${id}' is not a number`);
  return String(Number(id));
}

function toTransaction(
  customerId: string,
  date: string,
  amount: string,
  fileName: string,
  lineNo: number,
): Transaction {
  if (customerId === '') throw new CliError(`${fileName}:${lineNo}: customer_id is empty`);
  const day = parseDay(date);
  if (Number.isNaN(day))
    throw new CliError(`${fileName}:${lineNo}: date '${date}' is not a valid YYYY-MM-DD date`);
  const value = amount === '' ? Number.NaN : Number(amount);
  if (!Number.isFinite(value))
    throw new CliError(`${fileName}:${lineNo}: amount '${amount}' is not a number`);
  if (value < 0)
    throw new CliError(
      `${fileName}:${lineNo}: amount ${amount} is negative (net returns out first)`,
    );
  return { customerId, day, amount: value };
}
