import type { Middleware } from 'koa';
import { AppError } from '../lib/errors';

const DEFAULT_LIMIT = 1024 * 1024;

async function readRaw(ctx: Parameters<Middleware>[0], limit: number): Promise<string> {
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) throw AppError.of('VALIDATION_FAILED', `Request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw AppError.of('VALIDATION_FAILED', `Request body over ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads every request body once, keeping the raw text (signatures are computed over the exact
 * bytes) and the parsed JSON for JSON requests. Malformed JSON is a 400, not a 500.
 */
export function bodyReader(limit = DEFAULT_LIMIT): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'DELETE') return next();
    const raw = await readRaw(ctx, limit);
    ctx.state.rawBody = raw;
    if (raw.length > 0 && ctx.is('application/json', '+json')) {
      try {
        ctx.state.body = JSON.parse(raw);
      } catch {
        throw AppError.of('VALIDATION_FAILED', 'Malformed JSON body', {
          fields: [{ path: 'body', message: 'not valid JSON' }],
        });
      }
    }
    return next();
  };
}
