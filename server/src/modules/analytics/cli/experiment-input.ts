/**
 * Input of `experiment`: the `member_id,arm,pre_revenue,revenue,converted` CSV (any column
 * order, extra columns ignored; revenue in yuan, converted 0/1) and the --weights flag. Every
 * problem is an ExperimentInputError: exit code 2 and one line naming the file and line, which
 * the tools that drive this command show as is.
 */
import { CsvSyntaxError, parseCsvText } from '../../../lib/csv';
import { CliError } from './errors';

export class ExperimentInputError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'ExperimentInputError';
  }
}

export const EXPERIMENT_COLUMNS = [
  'member_id',
  'arm',
  'pre_revenue',
  'revenue',
  'converted',
] as const;

/** One arm's units, in file order. */
export interface ArmData {
  arm: string;
  pre: number[];
  revenue: number[];
  converted: number[];
}

/** Arms in order of first appearance. */
export function parseExperimentCsv(text: string, fileName: string): ArmData[] {
  let records: ReturnType<typeof parseCsvText>;
  try {
    records = parseCsvText(text, { source: fileName });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new ExperimentInputError(err.message);
    throw err;
  }
  const [head, ...rows] = records;
  if (!head) throw new ExperimentInputError(`${fileName}: empty file (expected a header line)`);
  const names = head.fields.map((f) => f.trim().toLowerCase());
  const missing = EXPERIMENT_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    throw new ExperimentInputError(
      `${fileName}:${head.line}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` +
        ` (header must have ${EXPERIMENT_COLUMNS.join(',')})`,
    );
  }
  const col = Object.fromEntries(EXPERIMENT_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    (typeof EXPERIMENT_COLUMNS)[number],
    number
  >;
  const width = Math.max(...Object.values(col)) + 1;
  const arms = new Map<string, ArmData>();
  const seen = new Map<string, number>();
  for (const { fields, line } of rows) {
    const at = `${fileName}:${line}`;
    if (fields.length < width) {
      throw new ExperimentInputError(
        `${at}: expected ${names.length} fields, got ${fields.length}`,
      );
    }
    const cell = (c: keyof typeof col) => fields[col[c]]!.trim();
    const member = cell('member_id');
    const arm = cell('arm');
    if (member === '') throw new ExperimentInputError(`${at}: member_id is empty`);
    if (arm === '') throw new ExperimentInputError(`${at}: arm is empty`);
    const first = seen.get(member);
    if (first !== undefined) {
      throw new ExperimentInputError(
        `${at}: member_id ${member} already appeared on line ${first}`,
      );
    }
    seen.set(member, line);
    const number = (c: 'pre_revenue' | 'revenue') => {
      const raw = cell(c);
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) {
        throw new ExperimentInputError(`${at}: ${c} '${raw}' is not a number`);
      }
      return n;
    };
    const pre = number('pre_revenue');
    const revenue = number('revenue');
    const converted = cell('converted');
    if (converted !== '0' && converted !== '1') {
      throw new ExperimentInputError(`${at}: converted must be 0 or 1, got '${converted}'`);
    }
    let data = arms.get(arm);
    if (!data) {
      data = { arm, pre: [], revenue: [], converted: [] };
      arms.set(arm, data);
    }
    data.pre.push(pre);
    data.revenue.push(revenue);
    data.converted.push(converted === '1' ? 1 : 0);
  }
  if (arms.size === 0) throw new ExperimentInputError(`${fileName}: no data rows after the header`);
  return [...arms.values()];
}

/** `--weights control=0.5,treatment=0.5`: positive numbers (normalised), exactly the file's arms. */
export function parseWeights(
  value: string | undefined,
  arms: readonly string[],
  fileName: string,
): Map<string, number> {
  if (value === undefined) return new Map(arms.map((a) => [a, 1 / arms.length]));
  const weights = new Map<string, number>();
  for (const part of value.split(',')) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    const w = Number(raw);
    if (eq <= 0 || raw === '' || !Number.isFinite(w) || w <= 0) {
      throw new ExperimentInputError(
        `--weights: '${part}' is not ARM=WEIGHT with a positive weight (e.g. control=0.5,treatment=0.5)`,
      );
    }
    if (weights.has(name)) throw new ExperimentInputError(`--weights: arm '${name}' given twice`);
    if (!arms.includes(name)) {
      throw new ExperimentInputError(
        `--weights: arm '${name}' is not in ${fileName} (arms: ${arms.join(', ')})`,
      );
    }
    weights.set(name, w);
  }
  const unweighted = arms.filter((a) => !weights.has(a));
  if (unweighted.length) {
    throw new ExperimentInputError(`--weights: no weight for arm ${unweighted.join(', ')}`);
  }
  const total = [...weights.values()].reduce((s, w) => s + w, 0);
  return new Map(arms.map((a) => [a, weights.get(a)! / total]));
}
