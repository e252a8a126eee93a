import { Aggregator } from 'mingo';
import { cloneValue, type Doc, isPlainObject } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { assertSupportedValues, MINGO_OPTIONS } from '../engine/matcher';
import { type Handler, optionalInt, runQuery } from './context';
import { idFirst } from './projection';

// Stages that may write into the documents they receive; their input must be a private copy.
const MUTATING =
  /"\$(set|addFields|unset|replaceRoot|replaceWith|setWindowFields|fill|densify|redact|project|merge|out)"/;

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
  for (const n of names) {
    if (n === '$out' || n === '$merge') {
      throw new MongoCommandError(115, `${n} is not supported by the embedded engine`);
    }
  }
  assertSupportedValues(pipeline);
  const clone = MUTATING.test(JSON.stringify(pipeline));

  let input: Doc[];
  let rest = pipeline as Doc[];
  if (target === 1) {
    if (names[0] !== '$documents') {
      throw new MongoCommandError(
        73,
        `{aggregate: 1} is not valid for '${names[0]}'; a collection is required.`,
      );
    }
    input = [];
  } else if (typeof target === 'string') {
    // a leading $match can use an index, exactly like find
    const coll = ctx.engine.collection(ctx.db, target);
    const filter = names[0] === '$match' ? (pipeline[0] as Doc).$match : undefined;
    if (filter !== undefined && !isPlainObject(filter)) {
      throw new MongoCommandError(15959, 'the match filter must be an expression in an object');
    }
    input = runQuery(coll, { filter: filter as Doc | undefined });
    if (filter !== undefined) rest = rest.slice(1);
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
          scriptEnabled: true,
          collectionResolver: resolver,
        }).run(input)
      : input;
  } catch (err) {
    throw mapAggregateError(err);
  }
  const cursor = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = optionalInt(cursor, 'batchSize');
  const ns = `${ctx.db}.${typeof target === 'string' ? target : '$cmd.aggregate'}`;
  return ctx.cursors.open(ns, out.map(idFirst), batchSize);
};
