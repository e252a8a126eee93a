import { Query } from 'mingo';
import type { Options } from 'mingo/types';
import { assertFoldableFilter, type Collation, foldValue } from './collation';
import { compareValues, type Doc, isPlainObject, typeOrder } from './compare';
import { MongoCommandError } from './errors';
import { pathValues } from './paths';

export type Matcher = (doc: Doc) => boolean;

// $where/$function would run client-supplied JavaScript in the server process.
export const MINGO_OPTIONS: Partial<Options> = { idKey: '_id', scriptEnabled: false };

/** Throws the MongoDB error for values this engine cannot compute with (Decimal128). */
export function assertSupportedValues(v: unknown, depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > 100) return;
  if (Array.isArray(v)) {
    for (const e of v) assertSupportedValues(e, depth + 1);
    return;
  }
  if ((v as { _bsontype?: string })._bsontype === 'Decimal128') {
    throw new MongoCommandError(
      2,
      'Decimal128 values are not supported by the embedded engine; store integer fen instead',
    );
  }
  if (isPlainObject(v)) for (const k in v) assertSupportedValues(v[k], depth + 1);
}

function mapMingoError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const unknownOp = /operator '?(\$[A-Za-z]+)'?/.exec(message);
  if (unknownOp && /unknown|not registered|unsupported/i.test(message)) {
    return new MongoCommandError(2, `unknown operator: ${unknownOp[1]}`);
  }
  return new MongoCommandError(2, message);
}

const EMPTY: Matcher = () => true;

function isSimpleScalar(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(v);
    case 'object':
      return v instanceof Date || (v as { _bsontype?: string } | null)?._bsontype === 'ObjectId';
    default:
      return false;
  }
}

/**
 * Filters made only of `field: scalar` equalities (the hot path: by _id, by member number)
 * are matched directly; MongoDB's rule is "some value the path reaches equals it".
 */
function simpleEquality(filter: Doc): Matcher | undefined {
  const pairs = Object.entries(filter);
  for (const [k, v] of pairs) if (k.startsWith('$') || !isSimpleScalar(v)) return undefined;
  return (doc) =>
    pairs.every(([path, want]) => {
      const direct = path.includes('.') ? undefined : doc[path];
      if (direct !== undefined && !Array.isArray(direct))
        return compareValues(direct, want) === 0 && typeOrder(direct) === typeOrder(want);
      return pathValues(doc, path).values.some(
        (v) => typeOrder(v) === typeOrder(want) && compareValues(v, want) === 0,
      );
    });
}

function scalarKey(v: unknown): string | undefined {
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : `n:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (v instanceof Date) return `d:${v.getTime()}`;
  if ((v as { _bsontype?: string } | null)?._bsontype === 'ObjectId') {
    return `o:${(v as { toHexString(): string }).toHexString()}`;
  }
  return undefined;
}

/**
 * `{field: {$in: [scalars]}}` (bulk lookups by id or number) as a Set probe: mingo rebuilds
 * its lookup for every candidate document, which makes large $in lists quadratic.
 */
function scalarIn(filter: Doc): Matcher | undefined {
  const entries = Object.entries(filter);
  if (entries.length !== 1) return undefined;
  const [path, cond] = entries[0]!;
  if (path.startsWith('$') || !isPlainObject(cond)) return undefined;
  const keys = Object.keys(cond);
  if (keys.length !== 1 || keys[0] !== '$in' || !Array.isArray(cond.$in)) return undefined;
  const set = new Set<string>();
  for (const v of cond.$in) {
    const k = scalarKey(v);
    if (k === undefined) return undefined;
    set.add(k);
  }
  return (doc) =>
    pathValues(doc, path).values.some((v) => {
      const k = scalarKey(v);
      return k !== undefined && set.has(k);
    });
}

export interface FilterOptions {
  /** `let` variables, visible as `$$name` inside `$expr`. */
  variables?: Doc;
  collation?: Collation;
}

/** Compiles a query filter into a predicate, with MongoDB error codes for bad filters. */
export function compileFilter(filter: unknown, opts: FilterOptions = {}): Matcher {
  if (filter === undefined || filter === null) return EMPTY;
  if (!isPlainObject(filter)) throw new MongoCommandError(14, 'filter must be an object');
  if (Object.keys(filter).length === 0) return EMPTY;
  const c = opts.collation;
  if (c) {
    // equality under the collation is equality of folded strings on both sides
    assertFoldableFilter(filter);
    const inner = compileFilter(foldValue(filter, c), { variables: opts.variables });
    return (doc) => inner(foldValue(doc, c) as Doc);
  }
  const simple = simpleEquality(filter) ?? scalarIn(filter);
  if (simple) return simple;
  assertSupportedValues(filter);
  if ('$comment' in filter) {
    const { $comment: _ignored, ...rest } = filter;
    return compileFilter(rest, opts);
  }
  for (const k of Object.keys(filter)) {
    if (
      k.startsWith('$') &&
      !['$and', '$or', '$nor', '$expr', '$comment', '$where', '$text'].includes(k)
    ) {
      throw new MongoCommandError(2, `unknown top level operator: ${k}`);
    }
  }
  let q: Query;
  try {
    q = new Query(
      filter,
      opts.variables ? { ...MINGO_OPTIONS, variables: opts.variables } : MINGO_OPTIONS,
    );
  } catch (err) {
    throw mapMingoError(err);
  }
  return (doc) => {
    try {
      return q.test(doc);
    } catch (err) {
      throw mapMingoError(err);
    }
  };
}
