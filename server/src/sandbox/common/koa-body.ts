import type { Context } from 'koa';
import type { z } from 'zod';
import { AppError } from '../../lib/errors';

const LIMIT = 1024 * 1024;

/**
 * The control routers are mounted into the main app, whose body reader leaves the parsed JSON
 * in `ctx.state.body` and the raw text in `ctx.state.rawBody`; use those when present (also
 * `ctx.request.body` from other parsers), otherwise read the stream here (standalone use).
 */
async function readJson(ctx: Context): Promise<unknown> {
  const state = ctx.state as { body?: unknown; rawBody?: unknown };
  if (state.body !== undefined) return state.body;
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  if (typeof state.rawBody === 'string') return parseJson(state.rawBody);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT) throw AppError.of('VALIDATION_FAILED', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return parseJson(Buffer.concat(chunks).toString('utf8'));
}

function parseJson(raw: string): unknown {
  const text = raw.trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw AppError.of('VALIDATION_FAILED', 'request body is not valid JSON');
  }
}

/** Reads and validates a control-API body; 400 with field paths on failure. */
export async function validBody<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.infer<S>> {
  const result = schema.safeParse(await readJson(ctx));
  if (!result.success) {
    const fields = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw AppError.of('VALIDATION_FAILED', 'invalid request body', { fields });
  }
  return result.data;
}
