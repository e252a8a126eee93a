import { z } from 'zod';

/** Reusable field schemas so every route validates the same things the same way. */
export const fen = z.number().int().nonnegative().max(1_000_000_000_00);
export const positiveFen = z.number().int().positive().max(1_000_000_000_00);
export const isoDate = z.coerce.date();
export const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const mainlandPhone = z
  .string()
  .regex(/^1[3-9]\d{9}$/, 'expected an 11-digit mainland mobile number');
export const stableId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_\-.:]+$/, 'expected letters, digits, _-.:');
export const idempotencyKey = z.string().min(8).max(128);

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const ok = z.object({ ok: z.literal(true) });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
});
