/**
 * `clv`: fit BG/NBD + Gamma-Gamma on a transaction log and print the estimates; optionally write
 * per-customer predictions. Money stays in the input's unit (CDNOW: dollars).
 */
import {
  type CustomerSummary,
  fitBgNbd,
  fitGammaGamma,
  formatDay,
  predictValueColumns,
  summariseTransactions,
  TIME_UNIT_DAYS,
  type TimeUnit,
  type Transaction,
  type ValueModel,
} from '@circles/shared';
import { dayFlag, formatFlag, numberFlag, parseFlags, required, timeUnitFlag } from './args';
import { CliError } from './errors';
import { type CliIo, readInput, writeOutput } from './io';
import { csvField } from '../../../lib/csv';
import { parseTransactions } from './input';

export interface ClvReport {
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma: { p: number; q: number; v: number };
  customers: number;
  repeaters: number;
}

export interface ClvAnalysis {
  report: ClvReport;
  model: ValueModel;
  summaries: CustomerSummary[];
  /** Holdout length in model units (0 when the data end at the calibration end). */
  holdoutLength: number;
  holdoutEndDay: number;
}

export interface ClvSettings {
  calibrationEndDay: number;
  timeUnit: TimeUnit;
  holdoutEndDay?: number;
}

/** The CLI's computation, without I/O. */
export function analyseClv(transactions: Transaction[], settings: ClvSettings): ClvAnalysis {
  const unitDays = TIME_UNIT_DAYS[settings.timeUnit];
  const lastDay = transactions.reduce((m, t) => Math.max(m, t.day), Number.NEGATIVE_INFINITY);
  const holdoutEndDay = settings.holdoutEndDay ?? Math.max(lastDay, settings.calibrationEndDay);
  const summaries = summariseTransactions(transactions, { ...settings, unitDays, holdoutEndDay });
  if (summaries.length === 0) {
    throw new CliError(
      `no customer made a first purchase on or before ${formatDay(settings.calibrationEndDay)}`,
    );
  }
  const bg = fitBgNbd({
    x: summaries.map((s) => s.x),
    tx: summaries.map((s) => s.tx),
    T: summaries.map((s) => s.T),
  });
  const repeaters = summaries.filter((s) => s.x > 0 && s.zbar > 0);
  if (repeaters.length === 0)
    throw new CliError('no repeat purchases in the calibration period: cannot fit spend');
  const gg = fitGammaGamma({ x: repeaters.map((s) => s.x), zbar: repeaters.map((s) => s.zbar) });
  return {
    report: {
      bgnbd: { ...bg.params, logLikelihood: bg.logLikelihood },
      gammaGamma: gg.params,
      customers: summaries.length,
      repeaters: repeaters.length,
    },
    model: { bgnbd: bg.params, gammaGamma: gg.params, unitDays },
    summaries,
    holdoutLength: (holdoutEndDay - settings.calibrationEndDay) / unitDays,
    holdoutEndDay,
  };
}

const HORIZON_DAYS = [30, 90, 365];
const COLUMNS = [
  'customer_id',
  'x',
  't_x',
  'T',
  'zbar',
  'p_alive',
  'expected_purchases_30d',
  'expected_purchases_90d',
  'expected_purchases_365d',
  'expected_avg_spend',
  'clv_12m',
  'holdout_purchases',
  'expected_holdout_purchases',
];

/** Per-customer predictions as CSV text (and the holdout totals for the summary). */
export function predictionsCsv(
  a: ClvAnalysis,
  monthlyDiscountRate: number,
): { csv: string; actual: number; expected: number } {
  const s = a.summaries;
  const cols = {
    x: s.map((c) => c.x),
    tx: s.map((c) => c.tx),
    T: s.map((c) => c.T),
    zbar: s.map((c) => c.zbar),
  };
  const horizons = [...HORIZON_DAYS, a.holdoutLength * a.model.unitDays];
  const v = predictValueColumns(a.model, cols, horizons, { monthlyDiscountRate });
  const lines = [COLUMNS.join(',')];
  let actual = 0;
  let expected = 0;
  s.forEach((c, i) => {
    actual += c.holdoutPurchases;
    expected += v.expectedPurchases[3][i];
    lines.push(
      [
        csvField(c.customerId),
        c.x,
        c.tx.toFixed(4),
        c.T.toFixed(4),
        c.zbar.toFixed(4),
        v.pAlive[i].toFixed(6),
        ...v.expectedPurchases.slice(0, 3).map((col) => col[i].toFixed(6)),
        v.expectedSpend[i].toFixed(4),
        v.clv[i].toFixed(4),
        c.holdoutPurchases,
        v.expectedPurchases[3][i].toFixed(6),
      ].join(','),
    );
  });
  return { csv: `${lines.join('\n')}\n`, actual, expected };
}

export function runClv(argv: string[], io: CliIo): void {
  const flags = parseFlags(argv, {
    input: { type: 'string' },
    'calibration-end': { type: 'string' },
    'time-unit': { type: 'string' },
    'holdout-end': { type: 'string' },
    'discount-rate': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const input = required(flags.input, '--input');
  const calibrationEndDay = dayFlag(
    required(flags['calibration-end'], '--calibration-end'),
    '--calibration-end',
  );
  const holdoutEndDay = flags['holdout-end']
    ? dayFlag(flags['holdout-end'], '--holdout-end')
    : undefined;
  if (holdoutEndDay !== undefined && holdoutEndDay < calibrationEndDay) {
    throw new CliError('--holdout-end must not be before --calibration-end', 2);
  }
  const timeUnit = timeUnitFlag(flags['time-unit']);
  const rate = numberFlag(flags['discount-rate'], '--discount-rate', 0.01, (n) => n >= 0 && n < 1);
  const transactions = parseTransactions(readInput(io, input), formatFlag(flags.format), input);
  const analysis = analyseClv(transactions, { calibrationEndDay, timeUnit, holdoutEndDay });
  const predictions = flags.out || !flags.json ? predictionsCsv(analysis, rate) : null;
  if (flags.out && predictions) writeOutput(io, flags.out, predictions.csv);
  if (flags.json) {
    io.stdout(`${JSON.stringify(analysis.report, null, 2)}\n`);
    return;
  }
  const { bgnbd: b, gammaGamma: g, customers, repeaters } = analysis.report;
  const f = (n: number, d = 4) => n.toFixed(d);
  const lines = [
    `${input}: ${customers} customers (${repeaters} repeaters), calibration to ${formatDay(calibrationEndDay)}, time unit ${timeUnit}`,
    `BG/NBD       r=${f(b.r)} alpha=${f(b.alpha)} a=${f(b.a)} b=${f(b.b)} logLikelihood=${f(b.logLikelihood, 2)}`,
    `Gamma-Gamma  p=${f(g.p)} q=${f(g.q)} v=${f(g.v)}`,
  ];
  if (predictions && analysis.holdoutLength > 0) {
    lines.push(
      `Holdout to ${formatDay(analysis.holdoutEndDay)} (${f(analysis.holdoutLength, 2)} ${timeUnit}s): ` +
        `actual repeat purchase days ${predictions.actual}, predicted ${f(predictions.expected, 1)}`,
    );
  }
  if (flags.out) lines.push(`Predictions for ${customers} customers written to ${flags.out}`);
  io.stdout(`${lines.join('\n')}\n`);
}
