/** MongoDB duplicate-key (E11000) — the signal that an idempotency key was already used. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> } | null;
  return e?.code === 11000 || Boolean(e?.writeErrors?.some((w) => w.code === 11000));
}
