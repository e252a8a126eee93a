/** Flag parsing shared by the subcommands, with messages that say which flag is wrong. */
import { parseArgs } from 'node:util';
import { parseDay, TIME_UNIT_DAYS, type TimeUnit } from '@circles/shared';
import { usageError } from './errors';
import type { InputFormat } from './input';

type Spec = Record<string, { type: 'string' | 'boolean' }>;

export function parseFlags<S extends Spec>(argv: string[], spec: S) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw usageError((err as Error).message);
  }
}

export function required(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw usageError(`${flag} is required`);
  return value;
}

export function dayFlag(value: string, flag: string): number {
  const day = parseDay(value);
  if (Number.isNaN(day)) throw usageError(`${flag} must be a date YYYY-MM-DD, got '${value}'`);
  return day;
}

export function timeUnitFlag(value: string | undefined): TimeUnit {
  const unit = value ?? 'week';
  if (!(unit in TIME_UNIT_DAYS))
    throw usageError(`--time-unit must be day, week or month, got '${unit}'`);
  return unit as TimeUnit;
}

export function formatFlag(value: string | undefined): InputFormat {
  const format = value ?? 'csv';
  if (format !== 'csv' && format !== 'cdnow')
    throw usageError(`--format must be csv or cdnow, got '${format}'`);
  return format;
}

export function numberFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
  check: (n: number) => boolean,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw usageError(`${flag}: invalid value '${value}'`);
  return n;
}
