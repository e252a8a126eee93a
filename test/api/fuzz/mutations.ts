/** Malformed values and bodies for the OpenAPI fuzz: each is a way a client can get it wrong. */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const HUGE = 'x'.repeat(200_000);
const LONG = '长'.repeat(5_000);

/** Values of every wrong kind, plus the nasty strings. */
export const BAD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -(Number.MAX_SAFE_INTEGER + 2),
  '',
  ' ',
  '\ud800',
  'a\udfffb',
  '\u0000',
  '<script>',
  '$where',
  { $gt: '' },
  '../../etc/passwd',
  LONG,
  HUGE,
  [],
  [1, 'two', null],
  {},
  { nested: { deeper: { deepest: [{}] } } },
  '2026-13-45',
  'NaN',
];

/** A plausible value for a schema, so that the other fields are what is wrong. */
export function sample(s: JsonSchema | undefined, depth = 0): unknown {
  if (!s || depth > 4) return 'x';
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (alt) return sample(alt, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'sample-0001';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(s.items, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

const stringify = (v: unknown) => JSON.stringify(v);

/** Raw bodies (JSON text or not) for one operation's request schema. */
export function badBodies(schema: JsonSchema | undefined): string[] {
  const base = (sample(schema) ?? {}) as Record<string, unknown>;
  const out = [
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"text"',
    '42',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    // JSON escapes that decode to lone surrogates and NULs.
    '{"code":"\\ud800","name":"\\udc00x","text":"a\\u0000b"}',
    stringify({}),
    stringify({ ...base, unexpected: 'extra', $set: { x: 1 } }),
    `[${'['.repeat(2_000)}${']'.repeat(2_000)}]`,
  ];
  if (typeof base === 'object' && base && !Array.isArray(base)) {
    out.push(stringify(base));
    for (const key of Object.keys(base)) {
      const { [key]: _dropped, ...missing } = base;
      out.push(stringify(missing));
      for (const v of BAD_VALUES) out.push(stringify({ ...base, [key]: v }));
      // The lone surrogate as the JSON escape (what a broken client really sends).
      out.push(stringify({ ...base, [key]: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', '"x\\ud83d"'));
    }
  }
  return out;
}

/** Path parameter values that are wrong in form or encoding. */
export const BAD_PATH_VALUES = [
  '%E0%A4%A',
  '%ED%A0%80',
  '%00',
  '..',
  '%2e%2e%2f%2e%2e',
  'x'.repeat(5_000),
  '%F0%9F%98%80',
  'a%20b',
  '__proto__',
  '-1',
  '0',
  '1e9999',
  '%uD800',
  'null',
];

/** Query strings that are wrong in type, shape or encoding. */
export function badQueries(names: string[]): string[] {
  const out = ['page=0', 'page=-1', 'page=abc', 'pageSize=100000', 'page=1&page=2', '%E0%A4%A=1'];
  for (const n of names) {
    for (const v of ['', 'abc', '-1', '1e99', '%00', '%ED%A0%80', 'x'.repeat(3_000), '[]']) {
      out.push(`${encodeURIComponent(n)}=${v}`);
    }
    out.push(`${encodeURIComponent(n)}[$gt]=`);
  }
  return out;
}

export const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  '',
];
