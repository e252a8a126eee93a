/**
 * `rfm`: R/F/M, quintile scores and the eight segments per customer as of a date. Amounts are
 * summed in cents (integers) so the window totals are exact, and printed back in the input unit
 * (segmentSummary's `revenueFen` fields therefore hold cents here).
 */
import {
  formatDay,
  mergeDays,
  RFM_SEGMENTS,
  scoreRfmColumns,
  segmentSummary,
  type Transaction,
} from '@circles/shared';
import { dayFlag, formatFlag, numberFlag, parseFlags, required } from './args';
import { CliError, usageError } from './errors';
import { type CliIo, readInput, writeOutput } from './io';
import { csvField } from '../../../lib/csv';
import { parseTransactions } from './input';

export interface RfmRow {
  customerId: string;
  r: number;
  f: number;
  /** Spend in the window, cents. */
  mCents: number;
  rScore: number;
  fScore: number;
  mScore: number;
  segment: (typeof RFM_SEGMENTS)[number];
}

/**
 * The CLI's computation, without I/O. Every transaction counts, as in `clv` (CDNOW has some at
 * $0.00). Customers are listed, and ties ranked, in order of first appearance.
 */
export function analyseRfm(
  transactions: Transaction[],
  settings: { asOfDay: number; windowDays: number; basis?: 'value' | 'score' },
): RfmRow[] {
  const byCustomer = new Map<string, { days: number[]; cents: number[] }>();
  for (const t of transactions) {
    if (t.day > settings.asOfDay) continue;
    let entry = byCustomer.get(t.customerId);
    if (!entry) {
      entry = { days: [], cents: [] };
      byCustomer.set(t.customerId, entry);
    }
    entry.days.push(t.day);
    entry.cents.push(Math.round(t.amount * 100));
  }
  const from = settings.asOfDay - settings.windowDays;
  const ids: string[] = [];
  const r: number[] = [];
  const f: number[] = [];
  const m: number[] = [];
  for (const [id, entry] of byCustomer) {
    const merged = mergeDays(entry.days, entry.cents);
    let frequency = 0;
    let monetary = 0;
    merged.days.forEach((day, k) => {
      if (day <= from) return;
      frequency++;
      monetary += merged.amounts[k];
    });
    ids.push(id);
    r.push(settings.asOfDay - merged.days[merged.days.length - 1]);
    f.push(frequency);
    m.push(monetary);
  }
  if (ids.length === 0)
    throw new CliError(`no purchases on or before ${formatDay(settings.asOfDay)}`);
  const scores = scoreRfmColumns(
    { recencyDays: r, frequency: f, monetary: m },
    { highLowBasis: settings.basis },
  );
  return ids.map((customerId, i) => ({
    customerId,
    r: r[i],
    f: f[i],
    mCents: m[i],
    rScore: scores.rScore[i],
    fScore: scores.fScore[i],
    mScore: scores.mScore[i],
    segment: RFM_SEGMENTS[scores.segment[i]],
  }));
}

export function rfmCsv(rows: RfmRow[]): string {
  const lines = ['customer_id,r,f,m,r_score,f_score,m_score,segment'];
  for (const x of rows) {
    lines.push(
      [
        csvField(x.customerId),
        x.r,
        x.f,
        (x.mCents / 100).toFixed(2),
        x.rScore,
        x.fScore,
        x.mScore,
        x.segment,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function runRfm(argv: string[], io: CliIo): void {
  const flags = parseFlags(argv, {
    input: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    'window-days': { type: 'string' },
    basis: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
  });
  const input = required(flags.input, '--input');
  const asOfDay = dayFlag(required(flags['as-of'], '--as-of'), '--as-of');
  const out = required(flags.out, '--out');
  const windowDays = numberFlag(
    flags['window-days'],
    '--window-days',
    365,
    (n) => Number.isInteger(n) && n > 0,
  );
  const basis = flags.basis ?? 'value';
  if (basis !== 'value' && basis !== 'score')
    throw usageError(`--basis must be value or score, got '${basis}'`);
  const transactions = parseTransactions(readInput(io, input), formatFlag(flags.format), input);
  const rows = analyseRfm(transactions, { asOfDay, windowDays, basis });
  writeOutput(io, out, rfmCsv(rows));
  const summary = segmentSummary(rows.map((x) => ({ segment: x.segment, revenueFen: x.mCents })));
  if (flags.json) {
    const segments = summary.map((s) => ({
      segment: s.segment,
      members: s.members,
      memberShare: s.memberShare,
      revenue: s.revenueFen / 100,
      revenueShare: s.revenueShare,
    }));
    io.stdout(
      `${JSON.stringify({ asOf: formatDay(asOfDay), windowDays, customers: rows.length, segments }, null, 2)}\n`,
    );
    return;
  }
  const lines = [
    `${rows.length} customers as of ${formatDay(asOfDay)} (window ${windowDays} days) → ${out}`,
  ];
  for (const s of summary) {
    lines.push(
      `  ${s.segment}  ${String(s.members).padStart(7)} members ${(s.memberShare * 100).toFixed(1).padStart(5)}%` +
        `  revenue ${(s.revenueShare * 100).toFixed(1).padStart(5)}%`,
    );
  }
  io.stdout(`${lines.join('\n')}\n`);
}
