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

/**
 * False for strings with an unpaired UTF-16 surrogate (`"\ud800"` in JSON): they have no UTF-8
 * form, so Tencent's APIs and MongoDB would fail on them later (a 502 instead of a 400).
 */
export const isWellFormed = (s: string): boolean => !/\p{Cs}/u.test(s);
export const ILL_FORMED_MESSAGE = 'contains an unpaired surrogate (not valid Unicode)';

/** A string of `min`–`max` characters that is valid Unicode: the base of free-text fields. */
export const text = (min: number, max: number) =>
  z.string().min(min).max(max).refine(isWellFormed, ILL_FORMED_MESSAGE);

/**
 * A one-time code from wx.login, the phone-number button or WeCom OAuth, sent on to Tencent:
 * printable base64-like characters only, so nothing odd reaches their query strings.
 */
export const tencentCode = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_\-+/=.]+$/, 'expected a WeChat/WeCom code (letters, digits, _-+/=.)');

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

/**
 * Circles (圈层) a perk, task or event targets: empty = no circle restriction. With tiers too,
 * a member qualifies by matching any listed tier and any listed circle.
 */
export const circleIds = z
  .array(z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'a circle id'))
  .max(10)
  .refine((a) => new Set(a).size === a.length, { message: 'circle ids must be unique' });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
});
