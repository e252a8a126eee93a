import { type Doc, isPlainObject } from './compare';
import { MongoCommandError } from './errors';
import { formatValue } from './format';

/**
 * Non-simple collations, as far as the engine can honour them exactly: a locale with ICU
 * strength 1 (base letters), 2 (plus accents) or 3 (plus case, the default). Equality runs on
 * folded strings; ordering uses Intl.Collator. Options that change ICU's comparison in ways the
 * fold cannot mirror (caseLevel, caseFirst, numericOrdering, alternate, backwards) are refused.
 */
export interface Collation {
  spec: Doc;
  strength: 1 | 2 | 3;
  collator: Intl.Collator;
  /** Identity for comparing a query's collation with an index's. */
  key: string;
}

const UNSUPPORTED_OPTIONS = ['caseLevel', 'caseFirst', 'numericOrdering', 'alternate', 'backwards'];
const KNOWN = new Set([
  'locale',
  'strength',
  'maxVariable',
  'normalization',
  'version',
  ...UNSUPPORTED_OPTIONS,
]);
const SENSITIVITY = { 1: 'base', 2: 'accent', 3: 'variant' } as const;

export function notSupported(what: string): MongoCommandError {
  return new MongoCommandError(115, `${what} is not supported by the embedded engine`);
}

/** Parses a `collation` document; undefined for none or `{locale: 'simple'}`. */
export function parseCollation(raw: unknown): Collation | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) {
    throw new MongoCommandError(14, "BSON field 'collation' is the wrong type, expected object");
  }
  if (Object.keys(raw).length === 0) return undefined;
  for (const k of Object.keys(raw)) {
    if (!KNOWN.has(k))
      throw new MongoCommandError(40415, `BSON field 'Collation.${k}' is an unknown field.`);
  }
  if (typeof raw.locale !== 'string') {
    throw new MongoCommandError(
      40414,
      "BSON field 'Collation.locale' is missing but a required field",
    );
  }
  if (raw.locale === 'simple') return undefined;
  const supported = Intl.Collator.supportedLocalesOf([raw.locale]);
  if (supported.length === 0) {
    throw new MongoCommandError(2, `Field 'locale' is invalid in: ${formatValue(raw)}`);
  }
  const strength = raw.strength === undefined ? 3 : Number(raw.strength);
  if (strength === 4 || strength === 5) notSupportedOption('strength 4 and 5');
  if (strength !== 1 && strength !== 2 && strength !== 3) {
    throw new MongoCommandError(
      2,
      `Field 'strength' must be an integer 1 through 5. Got: ${String(raw.strength)}`,
    );
  }
  for (const o of UNSUPPORTED_OPTIONS) {
    const v = raw[o];
    const neutral =
      v === undefined ||
      v === false ||
      (o === 'caseFirst' && v === 'off') ||
      (o === 'alternate' && v === 'non-ignorable');
    if (!neutral) notSupportedOption(`collation option '${o}'`);
  }
  const collator = new Intl.Collator(raw.locale, {
    sensitivity: SENSITIVITY[strength],
    usage: 'sort',
  });
  return { spec: raw, strength, collator, key: `${raw.locale}/${strength}` };
}

function notSupportedOption(what: string): never {
  throw notSupported(what);
}

const MARKS = /\p{M}/gu;

/** The string with the differences the strength ignores removed (equal folds = equal strings). */
export function foldString(s: string, c: Collation): string {
  if (c.strength === 3) return s.normalize('NFC');
  if (c.strength === 2)
    return s.normalize('NFC').toLocaleLowerCase(c.collator.resolvedOptions().locale);
  return s
    .normalize('NFD')
    .replace(MARKS, '')
    .toLocaleLowerCase(c.collator.resolvedOptions().locale);
}

/** Deep copy with every string folded (object keys are field names and stay as they are). */
export function foldValue(v: unknown, c: Collation): unknown {
  if (typeof v === 'string') return foldString(v, c);
  if (Array.isArray(v)) return v.map((e) => foldValue(e, c));
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = foldValue(v[k], c);
    return out;
  }
  return v;
}

const STRING_RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * Filters the fold cannot answer as MongoDB would under a collation: string ranges (ICU order
 * is not the folded binary order), regexes (MongoDB ignores the collation for them, folded
 * values would not) and `$expr`/`$where` (expressions see the documents).
 */
export function assertFoldableFilter(filter: unknown, depth = 0): void {
  if (depth > 100) return;
  if (filter instanceof RegExp)
    throw notSupported('a regular expression under a non-simple collation');
  if (Array.isArray(filter)) {
    for (const e of filter) assertFoldableFilter(e, depth + 1);
    return;
  }
  if (!isPlainObject(filter)) return;
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$expr' || k === '$where' || k === '$regex' || k === '$text') {
      throw notSupported(`${k} under a non-simple collation`);
    }
    if (STRING_RANGE.has(k) && typeof v === 'string') {
      throw notSupported(`a string range (${k}) under a non-simple collation`);
    }
    assertFoldableFilter(v, depth + 1);
  }
}

/** The same collation (or both none): a collated index serves only queries with its collation. */
export function sameCollation(a: Collation | undefined, b: Collation | undefined): boolean {
  return (a?.key ?? 'simple') === (b?.key ?? 'simple');
}
