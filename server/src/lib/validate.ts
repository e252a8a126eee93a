import { ILL_FORMED_MESSAGE, isWellFormed } from '@circles/shared';
import type { z } from 'zod';
import { AppError } from './errors';

export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The path of the first string (value or key) with an unpaired surrogate, or null. Every
 * route gets this check, whatever its schema says: such a string has no UTF-8 form, so it
 * would fail later at Tencent or in the database instead of here with a 400.
 */
export function findIllFormed(data: unknown, where: string): string | null {
  const stack: Array<[unknown, string]> = [[data, where]];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return at;
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) stack.push([v, `${at}.${i}`]);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!isWellFormed(k)) return `${at}.${k}`;
        stack.push([v, `${at}.${k}`]);
      }
    }
  }
  return null;
}

/** Validates one part of a request; failures become 400 VALIDATION_FAILED with field paths. */
export function validate<T extends z.ZodType>(schema: T, data: unknown, where: string): z.infer<T> {
  const illFormed = findIllFormed(data, where);
  if (illFormed) {
    throw AppError.of('VALIDATION_FAILED', `Invalid ${illFormed}: ${ILL_FORMED_MESSAGE}`, {
      fields: [{ path: illFormed, message: ILL_FORMED_MESSAGE }],
    });
  }
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const fields: FieldIssue[] = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = fields[0];
  throw AppError.of(
    'VALIDATION_FAILED',
    first ? `Invalid ${first.path}: ${first.message}` : `Invalid ${where}`,
    { fields },
  );
}
