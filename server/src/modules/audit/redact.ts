import { maskPhones } from '../../lib/logger';

// Keys whose values never belong in an audit snapshot (the log is read by every admin role).
const SECRET_KEY =
  /^(password|passwordHash|secret|.*Secret|token|accessToken|refreshToken|phoneEnc)$/;
const MAX_DEPTH = 6;

/**
 * Makes a snapshot safe to store in the audit log: secrets become `[redacted]`, phone numbers
 * inside strings are masked, Dates become ISO strings and ObjectIds strings, so what is stored
 * is plain JSON that reads the same on every engine.
 */
export function redactSnapshot(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return maskPhones(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redactSnapshot(v, depth + 1));
  if (typeof value === 'object') {
    const idLike = value as { _bsontype?: string; toHexString?: () => string };
    if (idLike._bsontype === 'ObjectId' && idLike.toHexString) return idLike.toHexString();
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[key] = SECRET_KEY.test(key) ? '[redacted]' : redactSnapshot(v, depth + 1);
    }
    return out;
  }
  return String(value);
}
