import type { z } from 'zod';
import { AppError } from './errors';

export interface FieldIssue {
  path: string;
  message: string;
}

/** Validates one part of a request; failures become 400 VALIDATION_FAILED with field paths. */
export function validate<T extends z.ZodType>(schema: T, data: unknown, where: string): z.infer<T> {
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
