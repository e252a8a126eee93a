import { Aggregator } from 'mingo';
import type { CollationSpec } from 'mingo/types';
import { cloneValue, type Doc, isPlainObject } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { assertSupportedValues, MINGO_OPTIONS } from '../engine/matcher';
import { checkHint, collationFor, type Handler, letOf, optionalInt, runQuery } from './context';
import { runMerge, runOut } from './out-merge';
import { idFirst } from './projection';
import { resolveView } from './views';

// Stages whose result does not depend on comparing strings, or (for $sort) that mingo
// orders with the collation; under a non-simple collation anything else is refused.
const COLLATION_SAFE = new Set(['$sort', '$skip', '$limit', '$count', '$out', '$merge']);

// Stages that may write into the documents they receive; their input must be a private copy.
const MUTATING =
  /"\$(set|addFields|unset|replaceRoot|replaceWith|setWindowFields|fill|densify|redact|project|merge|out)"/;

/** True when no value in the stage is a field path or variable ('$a', '$$v'): nothing compares strings. */
function noFieldPaths(v: unknown): boolean {
  if (typeof v === 'string') return !v.startsWith('$');
  if (Array.isArray(v)) return v.every(noFieldPaths);
  if (isPlainObject(v)) return Object.values(v).every(noFieldPaths);
  return true;
}

function assertCollationSafe(stages: Doc[]): void {
  for (const stage of stages) {
    const [name, arg] = Object.entries(stage)[0]!;
    // inclusion/exclusion projections and constant groups (countDocuments) compare no strings
    const safe =
      COLLATION_SAFE.has(name) ||
      name === '$unset' ||
      ((name === '$project' || name === '$group') && noFieldPaths(arg));
    if (!safe) {
      throw new MongoCommandError(
        115,
        `${name} under a non-simple collation is not supported by the embedded engine`,
      );
    }
  }
}

function stageName(stage: unknown): string {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw new MongoCommandError(
      40323,
      'A pipeline stage specification object must contain exactly one field.',
    );
  }
  return Object.keys(stage)[0];
}

function mapAggregateError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const unknownStage =
    /pipeline operator '?(\$\w+)'? is not registered|unknown pipeline operator:? '?(\$\w+)/i.exec(
      message,
    );
  if (unknownStage) {
    return new MongoCommandError(
      40324,
      `Unrecognized pipeline stage name: '${unknownStage[1] ?? unknownStage[2]}'`,
    );
  }
  return new MongoCommandError(2, message);
}

export const aggregate: Handler = (cmd, ctx) => {
  const target = cmd.aggregate;
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) {
    throw new MongoCommandError(14, "'pipeline' option must be specified as an array");
  }
  if (!isPlainObject(cmd.cursor) && cmd.explain !== true) {
    throw new MongoCommandError(
      9,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const names = pipeline.map(stageName);
  names.forEach((n, i) => {
    if ((n === '$out' || n === '$merge') && i !== names.length - 1) {
      throw new MongoCommandError(40601, `${n} can only be the final stage in the pipeline`);
    }
  });
  const writer =
    names[names.length - 1] === '$out' || names[names.length - 1] === '$merge'
      ? (pipeline[pipeline.length - 1] as Doc)
      : undefined;
  assertSupportedValues(pipeline);
  const variables = letOf(cmd);
  const clone = MUTATING.test(JSON.stringify(pipeline));

  const opts: { collation?: CollationSpec } = {};
  let input: Doc[];
  let rest = (writer ? pipeline.slice(0, -1) : pipeline) as Doc[];
  if (target === 1) {
    if (names[0] !== '$documents') {
      throw new MongoCommandError(
        73,
        `{aggregate: 1} is not valid for '${names[0]}'; a collection is required.`,
      );
    }
    input = [];
  } else if (typeof target === 'string') {
    const coll = ctx.engine.collection(ctx.db, target);
    checkHint(coll, cmd.hint);
    const view = resolveView(ctx, coll);
    const collation = collationFor(view ? view.source : coll, cmd.collation);
    // a leading $match can use an index, exactly like find
    const filter = names[0] === '$match' && !view ? (pipeline[0] as Doc).$match : undefined;
    if (filter !== undefined && !isPlainObject(filter)) {
      throw new MongoCommandError(15959, 'the match filter must be an expression in an object');
    }
    if (filter !== undefined) rest = rest.slice(1);
    if (collation) assertCollationSafe(rest);
    if (view) {
      // the view's own stages may write into their input: always a private copy
      input = [...(view.source?.docs.values() ?? [])].map(cloneValue);
      rest = [...view.pipeline, ...rest];
    } else
      input = runQuery(coll, {
        filter: filter as Doc | undefined,
        variables,
        collation: cmd.collation,
      });
    // parseCollation has checked the spec's fields and values; mingo's type is narrower
    if (collation) opts.collation = collation.spec as unknown as CollationSpec;
  } else {
    throw new MongoCommandError(73, 'aggregate requires a collection name or 1');
  }
  if (clone) input = input.map(cloneValue);

  const resolver = (name: string): Doc[] => {
    const docs = [...(ctx.engine.collection(ctx.db, name)?.docs.values() ?? [])];
    return clone ? docs.map(cloneValue) : docs;
  };
  let out: Doc[];
  try {
    out = rest.length
      ? // mingo implements $setWindowFields with its own $function; BSON never decodes to a JS
        // function, so clients still cannot run code
        new Aggregator(rest, {
          ...MINGO_OPTIONS,
          ...opts,
          scriptEnabled: true,
          collectionResolver: resolver,
          variables,
        }).run(input)
      : input;
  } catch (err) {
    throw mapAggregateError(err);
  }
  if (writer) {
    if (writer.$out !== undefined) runOut(ctx, writer.$out, out);
    else runMerge(ctx, writer.$merge, out);
    out = [];
  }
  const cursor = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = optionalInt(cursor, 'batchSize');
  const ns = `${ctx.db}.${typeof target === 'string' ? target : '$cmd.aggregate'}`;
  return ctx.cursors.open(ns, out.map(idFirst), batchSize);
};
