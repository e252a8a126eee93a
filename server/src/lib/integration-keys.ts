/**
 * INTEGRATION_KEYS, the POS keys. Two forms:
 *
 * - JSON (any characters in secrets): `{"pos-sh":"s3cr3t…","pos-bj":["old…","new…"]}`;
 *   an array lists the secrets accepted while a POS rotates.
 * - The short form `keyId:secret[,keyId:secret]` (secrets without `,`, `:` or whitespace); a
 *   key id that appears twice has two secrets.
 *
 * Errors name the key id and never quote a secret.
 */
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
export const MIN_SECRET_LENGTH = 16;

export class IntegrationKeysError extends Error {}

function add(keys: Map<string, string[]>, keyId: string, secret: unknown): void {
  if (!KEY_ID_RE.test(keyId))
    throw new IntegrationKeysError(`key id ${JSON.stringify(keyId)} must be 1-64 of [A-Za-z0-9_-]`);
  if (RESERVED.has(keyId)) throw new IntegrationKeysError(`key id ${keyId} is reserved`);
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH)
    throw new IntegrationKeysError(
      `the secret of ${keyId} must be a string of ${MIN_SECRET_LENGTH}+ characters`,
    );
  const list = keys.get(keyId) ?? [];
  if (!list.includes(secret)) list.push(secret);
  keys.set(keyId, list);
}

function fromJson(raw: string): Map<string, string[]> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new IntegrationKeysError('is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new IntegrationKeysError('must be a JSON object of keyId → secret or [secrets]');
  const keys = new Map<string, string[]>();
  // Object.entries lists own properties only, so a "__proto__" entry is seen (and refused).
  for (const [keyId, v] of Object.entries(value)) {
    const secrets: unknown[] = Array.isArray(v) ? v : [v];
    if (secrets.length === 0) throw new IntegrationKeysError(`${keyId} lists no secret`);
    for (const secret of secrets) add(keys, keyId, secret);
  }
  return keys;
}

function fromList(raw: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const pair of raw.split(',')) {
    const at = pair.indexOf(':');
    const keyId = at > 0 ? pair.slice(0, at) : '';
    const secret = at > 0 ? pair.slice(at + 1) : '';
    if (!keyId || /[:\s]/.test(secret))
      throw new IntegrationKeysError(
        'must be keyId:secret[,keyId:secret] (or a JSON object for secrets with , : or spaces)',
      );
    add(keys, keyId, secret);
  }
  return keys;
}

export function parseIntegrationKeys(raw: string): Map<string, string[]> {
  const keys = raw.trimStart().startsWith('{') ? fromJson(raw) : fromList(raw);
  if (keys.size === 0) throw new IntegrationKeysError('lists no key');
  return keys;
}
