/**
 * Transaction input for the analytics CLI: the `customer_id,date,amount` CSV, or the CDNOW text
 * formats (master: `id date cds dollars` with a header; sample: `master_id new_id date cds
 * dollars`, no header). Errors name the file and line.
 */
import { parseDay, type Transaction } from '@circles/shared';
import { CliError } from './errors';

export type InputFormat = 'csv' | 'cdnow';
export const CSV_HEADER = ['customer_id', 'date', 'amount'] as const;

export function parseTransactions(
  text: string,
  format: InputFormat,
  fileName: string,
): Transaction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return format === 'csv' ? parseCsv(lines, fileName) : parseCdnow(lines, fileName);
}

function parseCsv(lines: string[], fileName: string): Transaction[] {
  const header = splitCsvLine(lines[0] ?? '', fileName, 1).map((h) => h.trim().toLowerCase());
  if (header.join(',') !== CSV_HEADER.join(',')) {
    throw new CliError(
      `${fileName}:1: header must be '${CSV_HEADER.join(',')}', got '${lines[0] ?? ''}'`,
    );
  }
  const out: Transaction[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = splitCsvLine(lines[i], fileName, i + 1);
    if (fields.length !== 3) {
      throw new CliError(
        `${fileName}:${i + 1}: expected 3 fields (customer_id,date,amount), got ${fields.length}`,
      );
    }
    out.push(toTransaction(fields[0].trim(), fields[1].trim(), fields[2].trim(), fileName, i + 1));
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

/** One CSV record on one line; double quotes with "" escapes. */
function splitCsvLine(line: string, fileName: string, lineNo: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new CliError(`${fileName}:${lineNo}: unterminated quoted field`);
  fields.push(field);
  return fields;
}

/** Quotes a CSV field when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
