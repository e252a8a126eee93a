import { ObjectId, Timestamp } from 'bson';
import { update as mingoUpdate } from 'mingo/updater';
import { cloneValue, compareValues, type Doc, isPlainObject, keyString } from './compare';
import { MongoCommandError, toCommandError } from './errors';
import { assertSupportedValues, MINGO_OPTIONS } from './matcher';
import { setPath } from './paths';
import { applyPipelineUpdate } from './pipeline-update';
import { validateAgainstDoc, validateOperators } from './update-validate';

export interface UpdateOptions {
  arrayFilters?: Doc[];
  /** The query filter, for the positional `$` operator. */
  filter?: Doc;
  /** True on the insert path of an upsert, where `$setOnInsert` applies. */
  inserting?: boolean;
  /** `let` variables of the command, visible as `$$name` in pipelines and `$expr`. */
  variables?: Doc;
}

export type UpdateSpec = Doc | Doc[];

export function isOperatorUpdate(u: unknown): u is Doc {
  if (!isPlainObject(u)) return false;
  const first = Object.keys(u)[0];
  return first?.startsWith('$') === true;
}

function immutableIdError(): MongoCommandError {
  return new MongoCommandError(
    66,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

/** Rewrites operators mingo lacks or handles differently into ones it applies exactly. */
function normalise(doc: Doc, update: Doc, inserting: boolean): Doc {
  const out: Doc = {};
  const set: Doc = { ...((update.$set as Doc | undefined) ?? {}) };
  for (const [op, arg] of Object.entries(update)) {
    if (op === '$set') continue;
    if (op === '$setOnInsert') {
      if (inserting) Object.assign(set, arg as Doc);
      continue;
    }
    if (op === '$currentDate') {
      for (const [path, spec] of Object.entries(arg as Doc)) {
        const ts = isPlainObject(spec) && spec.$type === 'timestamp';
        set[path] = ts ? Timestamp.fromNumber(Math.floor(Date.now() / 1000) * 2 ** 32) : new Date();
      }
      continue;
    }
    out[op] = arg;
  }
  if ('_id' in set && !inserting) {
    // setting _id to its current value is a no-op MongoDB accepts
    if (compareValues(set._id, doc._id) !== 0 || keyString(set._id) !== keyString(doc._id)) {
      throw immutableIdError();
    }
    delete set._id;
  }
  if (Object.keys(set).length > 0) out.$set = set;
  return out;
}

function replacement(doc: Doc, repl: Doc): Doc {
  for (const k of Object.keys(repl)) {
    if (k.startsWith('$')) {
      throw new MongoCommandError(
        52,
        `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
  }
  if ('_id' in repl && keyString(repl._id) !== keyString(doc._id)) {
    throw new MongoCommandError(
      66,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(repl._id)}`,
    );
  }
  const next: Doc = { _id: doc._id };
  for (const [k, v] of Object.entries(repl)) if (k !== '_id') next[k] = cloneValue(v);
  return next;
}

/**
 * Applies an update (operators, replacement or pipeline) to a copy of `doc`.
 * Returns the new document and whether anything changed; `doc` itself is never mutated.
 */
export function applyUpdate(
  doc: Doc,
  update: UpdateSpec,
  opts: UpdateOptions = {},
): { doc: Doc; changed: boolean } {
  assertSupportedValues(update);
  if (Array.isArray(update)) {
    return applyPipelineUpdate(doc, update, opts.variables, opts.inserting === true);
  }
  if (!isOperatorUpdate(update)) {
    const next = replacement(doc, update);
    return { doc: next, changed: keyString(next) !== keyString(doc) };
  }
  validateOperators(update);
  const ops = normalise(doc, update, opts.inserting === true);
  if (Object.keys(ops).length === 0) return { doc, changed: false };
  validateAgainstDoc(doc, ops);
  // mingo refuses any write to _id; an upsert's insert may set it, so apply that part here
  const set = ops.$set as Doc | undefined;
  let newId: unknown;
  if (opts.inserting && set && '_id' in set) {
    const { _id, ...others } = set;
    newId = _id;
    if (Object.keys(others).length) ops.$set = others;
    else delete ops.$set;
  }
  const copy = cloneValue(doc);
  if (newId !== undefined) copy._id = cloneValue(newId);
  if (Object.keys(ops).length === 0) return { doc: copy, changed: true };
  let modified: string[];
  try {
    // mingo re-tests the filter (binary, without let or collation) before updating; the caller
    // has matched already, so hand it over only where the positional `$` needs it
    const positional =
      opts.filter &&
      /\.\$(\.|"|$)/.test(JSON.stringify(Object.values(ops).map((o) => Object.keys(o as Doc))));
    modified = mingoUpdate(
      copy,
      ops as never,
      opts.arrayFilters,
      positional ? opts.filter : undefined,
      {
        cloneMode: 'deep',
        queryOptions: opts.variables
          ? { ...MINGO_OPTIONS, variables: opts.variables }
          : MINGO_OPTIONS,
      },
    );
  } catch (err) {
    throw toCommandError(err);
  }
  if (keyString(copy._id) !== keyString(doc._id) && !opts.inserting) throw immutableIdError();
  return { doc: copy, changed: modified.length > 0 };
}

/** The equality fields of a filter, as the seed of an upsert's new document. */
export function seedFromFilter(filter: Doc | undefined): Doc {
  const seed: Doc = {};
  const walk = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) walk(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isOperatorUpdate(v)) {
        if ('$eq' in v) setPath(seed, k, cloneValue(v.$eq));
        continue;
      }
      if (v instanceof RegExp) continue;
      setPath(seed, k, cloneValue(v));
    }
  };
  if (filter) walk(filter);
  return seed;
}

/** Builds the document an upsert inserts when nothing matched. */
export function buildUpsertDoc(
  filter: Doc | undefined,
  update: UpdateSpec,
  arrayFilters?: Doc[],
  variables?: Doc,
): Doc {
  let doc: Doc;
  if (Array.isArray(update) || isOperatorUpdate(update)) {
    const seed = seedFromFilter(filter);
    doc = applyUpdate(seed, update, { arrayFilters, inserting: true, variables }).doc;
  } else {
    const seed = seedFromFilter(filter);
    doc = { ...cloneValue(update as Doc) };
    if (seed._id !== undefined && doc._id === undefined) doc._id = seed._id;
  }
  const id = doc._id === undefined ? new ObjectId() : doc._id;
  const { _id: _omit, ...rest } = doc;
  return { _id: id, ...rest };
}
