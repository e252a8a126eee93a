/**
 * `experiment`: one A/B test read from a CSV — arm summaries, sample ratio mismatch, Welch and
 * CUPED on revenue, chi-squared on conversion, each treatment arm against the control (Holm
 * across several treatment arms). The maths is in shared/src/domain/experiments; money stays
 * in the input's unit (yuan). The --json shape is an interface other tools rely on.
 */
import {
  conversionChiSquared,
  cupedTest,
  holmAdjust,
  sampleRatioMismatch,
  summariseArm,
  welchTTest,
} from '@circles/shared';
import { parseFlags, required } from './args';
import {
  type ArmData,
  ExperimentInputError,
  parseExperimentCsv,
  parseWeights,
} from './experiment-input';
import { type CliIo, readInput } from './io';

interface Interval {
  diff: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  pValueHolm?: number;
}

export interface ExperimentComparison {
  arm: string;
  revenue: Interval;
  cuped: Interval & { theta: number; varianceReduction: number };
  conversion: { diff: number; pValue: number; pValueHolm?: number };
}

export interface ExperimentReport {
  arms: Array<{ arm: string; n: number; mean: number; conversionRate: number }>;
  srm: { pValue: number; mismatch: boolean };
  revenue?: ExperimentComparison['revenue'];
  cuped?: ExperimentComparison['cuped'];
  conversion?: ExperimentComparison['conversion'];
  /** With more than one treatment arm, instead of the top-level revenue/cuped/conversion. */
  comparisons?: ExperimentComparison[];
}

function compare(t: ArmData, c: ArmData): ExperimentComparison {
  const welch = welchTTest(summariseArm(t.revenue), summariseArm(c.revenue));
  const cuped = cupedTest({ y: t.revenue, x: t.pre }, { y: c.revenue, x: c.pre });
  const count = (a: ArmData) => ({
    n: a.converted.length,
    conversions: a.converted.reduce((s, v) => s + v, 0),
  });
  const conversion = conversionChiSquared(count(t), count(c));
  const pick = (r: Interval) => ({
    diff: r.diff,
    ciLow: r.ciLow,
    ciHigh: r.ciHigh,
    pValue: r.pValue,
  });
  return {
    arm: t.arm,
    revenue: pick(welch),
    cuped: { theta: cuped.theta, ...pick(cuped), varianceReduction: cuped.varianceReduction },
    conversion: { diff: conversion.diff, pValue: conversion.pValue },
  };
}

/**
 * The command's computation without I/O. Arms are reported control first, then in order of
 * first appearance in the file; `weights` (normalised) default to equal.
 */
export function analyseExperiment(
  data: ArmData[],
  control: string,
  weights: Map<string, number>,
  fileName: string,
): ExperimentReport {
  const ctl = data.find((a) => a.arm === control);
  const names = data.map((a) => a.arm);
  if (!ctl) {
    throw new ExperimentInputError(
      `--control '${control}' is not an arm in ${fileName} (arms: ${names.join(', ')})`,
    );
  }
  if (data.length < 2) {
    throw new ExperimentInputError(`${fileName} has only the control arm '${control}'`);
  }
  const small = data.find((a) => a.revenue.length < 2);
  if (small) {
    throw new ExperimentInputError(
      `arm '${small.arm}' has ${small.revenue.length} unit; every arm needs at least 2`,
    );
  }
  const arms = [ctl, ...data.filter((a) => a !== ctl)];
  const srm = sampleRatioMismatch(
    arms.map((a) => a.revenue.length),
    arms.map((a) => weights.get(a.arm)!),
  );
  const comparisons = arms.slice(1).map((t) => compare(t, ctl));
  const report: ExperimentReport = {
    arms: arms.map((a) => {
      const s = summariseArm(a.revenue, a.converted);
      return { arm: a.arm, n: s.n, mean: s.mean, conversionRate: s.conversionRate };
    }),
    srm: { pValue: srm.pValue, mismatch: srm.mismatch },
  };
  if (comparisons.length === 1) {
    const { revenue, cuped, conversion } = comparisons[0]!;
    return { ...report, revenue, cuped, conversion };
  }
  for (const family of ['revenue', 'cuped', 'conversion'] as const) {
    const adjusted = holmAdjust(comparisons.map((c) => c[family].pValue));
    comparisons.forEach((c, i) => {
      c[family].pValueHolm = adjusted[i];
    });
  }
  return { ...report, comparisons };
}

const signed = (n: number, digits = 2) => (n >= 0 ? `+${n.toFixed(digits)}` : n.toFixed(digits));
const pFmt = (p: number) =>
  Number.isNaN(p) ? 'n/a' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
const holm = (p?: number) => (p === undefined ? '' : `  (Holm ${pFmt(p)})`);

function table(report: ExperimentReport, fileName: string, weights: Map<string, number>): string {
  const total = report.arms.reduce((s, a) => s + a.n, 0);
  const lines = [
    `${fileName}: ${total} members in ${report.arms.length} arms, control '${report.arms[0]!.arm}'`,
    '',
    `${'arm'.padEnd(16)}${'members'.padStart(9)}${'mean revenue'.padStart(15)}${'conversion'.padStart(12)}`,
    ...report.arms.map(
      (a) =>
        `${a.arm.padEnd(16)}${String(a.n).padStart(9)}${a.mean.toFixed(2).padStart(15)}` +
        `${`${(a.conversionRate * 100).toFixed(1)}%`.padStart(12)}`,
    ),
    '',
    `sample ratio  p = ${pFmt(report.srm.pValue)} against ` +
      `${report.arms.map(({ arm }) => `${arm}=${+weights.get(arm)!.toFixed(4)}`).join(', ')}: ` +
      (report.srm.mismatch ? 'MISMATCH (p < 0.001), check the assignment before reading on' : 'ok'),
  ];
  const comparisons: ExperimentComparison[] = report.comparisons ?? [
    {
      arm: report.arms[1]!.arm,
      revenue: report.revenue!,
      cuped: report.cuped!,
      conversion: report.conversion!,
    },
  ];
  for (const c of comparisons) {
    const ci = (r: Interval) =>
      `${signed(r.diff).padStart(10)}  95% CI [${r.ciLow.toFixed(2)}, ${r.ciHigh.toFixed(2)}]  p = ${pFmt(r.pValue)}${holm(r.pValueHolm)}`;
    lines.push(
      '',
      `${c.arm} − ${report.arms[0]!.arm}`,
      `  revenue     ${ci(c.revenue)}`,
      `  CUPED       ${ci(c.cuped)}  theta ${c.cuped.theta.toFixed(4)}, variance reduction ${(c.cuped.varianceReduction * 100).toFixed(1)}%`,
      `  conversion  ${`${signed(c.conversion.diff * 100)} pp`.padStart(10)}  p = ${pFmt(c.conversion.pValue)}${holm(c.conversion.pValueHolm)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function runExperiment(argv: string[], io: CliIo): void {
  const flags = parseFlags(argv, {
    input: { type: 'string' },
    control: { type: 'string' },
    weights: { type: 'string' },
    json: { type: 'boolean' },
  });
  const input = required(flags.input, '--input');
  const control = required(flags.control, '--control').trim();
  const data = parseExperimentCsv(readInput(io, input), input);
  const weights = parseWeights(
    typeof flags.weights === 'string' ? flags.weights : undefined,
    data.map((a) => a.arm),
    input,
  );
  const report = analyseExperiment(data, control, weights, input);
  // NaN (an undefined test, e.g. nobody converted) prints as null in JSON.
  if (flags.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(table(report, input, weights));
}
