import { type Collation, parseCollation } from '../engine/collation';
import type { Collection } from '../engine/collection';
import { type Doc, isPlainObject, keyString } from '../engine/compare';
import type { Engine } from '../engine/engine';
import { MongoCommandError } from '../engine/errors';
import { compileFilter } from '../engine/matcher';
import { parseSort, sortDocs } from '../engine/paths';
import { candidates, type Plan } from '../engine/planner';
import { runSliced, runSync, type Work } from '../engine/slice';
import { sortDocsWork } from '../engine/sort';
import type { CommandStats } from '../wire/server';
import type { CursorStore } from './cursors';

/** Server-wide settings a client can read or change (`getParameter`/`setParameter`). */
export interface ServerParams {
  ttlMonitorSleepSecs: number;
  startedAt: Date;
  /** Filled by the wire server; reported by serverStatus as opcounters and opLatencies. */
  stats: CommandStats;
}

export interface CommandContext {
  engine: Engine;
  cursors: CursorStore;
  params: ServerParams;
  db: string;
  connectionId: number;
}

/** Runs a command; writes return synchronously (atomic), long reads may return a promise. */
export type Handler = (cmd: Doc, ctx: CommandContext) => Doc | Promise<Doc>;

/** The collection a command names in its first field. */
export function targetName(cmd: Doc): string {
  const name = cmd[Object.keys(cmd)[0]];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError(
      73,
      `collection name has invalid type ${Array.isArray(name) ? 'array' : typeof name}`,
    );
  }
  return name;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) {
    throw new MongoCommandError(14, `BSON field '${field}' is the wrong type, expected object`);
  }
  return v;
}

export function optionalInt(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    throw new MongoCommandError(14, `BSON field '${field}' is the wrong type, expected a number`);
  }
  return Math.trunc(n);
}

export interface QueryOptions {
  filter?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
  plan?: Plan;
  /** The command's `let`. */
  variables?: Doc;
  /** The operation's `collation` document (else the collection's default applies). */
  collation?: unknown;
  hint?: unknown;
}

/** The `let` document of a command, checked as MongoDB checks it. */
export function letOf(cmd: Doc): Doc | undefined {
  const v = cmd.let;
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) {
    throw new MongoCommandError(14, "BSON field 'let' is the wrong type, expected type 'object'");
  }
  return v;
}

/** The collation in force: the operation's, else the collection's default. */
export function collationFor(coll: Collection | undefined, raw: unknown): Collation | undefined {
  if (raw !== undefined && raw !== null) return parseCollation(raw);
  return parseCollation(coll?.options.collation);
}

/**
 * MongoDB fails a query whose hint names no (visible) index of an existing collection; a hint
 * that is silently ignored would hide a missing index until production.
 */
export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !coll) return;
  if (typeof hint !== 'string' && !isPlainObject(hint)) {
    throw new MongoCommandError(9, 'Hint must be either a string or nested object');
  }
  if (isPlainObject(hint) && (Object.keys(hint).length === 0 || '$natural' in hint)) return;
  const found = [...coll.indexes.values()].some(
    (ix) =>
      ix.spec.hidden !== true &&
      (typeof hint === 'string' ? ix.name === hint : keyString(ix.spec.key) === keyString(hint)),
  );
  if (!found) {
    throw new MongoCommandError(
      2,
      `error processing query: ns=${coll.ns} planner returned error :: caused by :: hint provided does not correspond to an existing index`,
    );
  }
}

/** Result size up to which a sliced query still sorts in one go. */
const SYNC_SORT = 4096;
const MATCH_STEP = 512;

/**
 * A query as interruptible work. Everything up to the first yield (validation and the
 * candidate list, taken at one instant) runs at once; matching and sorting then work on
 * that list, which stays valid because stored documents are never mutated in place.
 */
function* queryWork(
  coll: Collection | undefined,
  opts: QueryOptions,
  sliced: boolean,
): Work<Doc[]> {
  const collation = collationFor(coll, opts.collation);
  const match = compileFilter(opts.filter, { variables: opts.variables, collation });
  checkHint(coll, opts.hint);
  if (!coll) return [];
  const sort = parseSort(opts.sort);
  const skip = opts.skip ?? 0;
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  if (skip < 0) throw new MongoCommandError(51024, "BSON field 'skip' value must be >= 0");
  const source = candidates(coll, opts.filter, opts.plan, collation);
  const out: Doc[] = [];
  // without a sort the first skip+limit matches are the answer: stop early
  const stopAt = sort.length ? Infinity : skip + limit;
  for (let i = 0; i < source.length; i++) {
    if (match(source[i])) {
      out.push(source[i]);
      if (out.length >= stopAt) break;
    }
    if (sliced && i % MATCH_STEP === MATCH_STEP - 1) yield;
  }
  const sorted =
    sliced && out.length > SYNC_SORT
      ? yield* sortDocsWork(out, sort, collation?.collator)
      : sortDocs(out, sort, collation?.collator);
  return sorted.slice(skip, skip + limit);
}

/** Matching documents in order, after sort/skip/limit, computed at once (writes use this). */
export function runQuery(coll: Collection | undefined, opts: QueryOptions): Doc[] {
  return runSync(queryWork(coll, opts, false));
}

/**
 * `runQuery` for reads: the result is as of the call, but matching and sorting a large
 * collection are spread over several event-loop turns.
 */
export function runQuerySliced(coll: Collection | undefined, opts: QueryOptions): Promise<Doc[]> {
  return runSliced(queryWork(coll, opts, true));
}
