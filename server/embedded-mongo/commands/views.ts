import { Aggregator } from 'mingo';
import type { Collection } from '../engine/collection';
import { cloneValue, type Doc, isPlainObject } from '../engine/compare';
import type { IndexChange } from '../engine/engine';
import { MongoCommandError } from '../engine/errors';
import { MINGO_OPTIONS } from '../engine/matcher';
import { type CommandContext, type Handler, targetName } from './context';
import { checkValidator } from './validation';

const LEVELS = ['off', 'strict', 'moderate'];
const ACTIONS = ['error', 'warn'];

function enumValue(field: string, v: unknown, allowed: string[]): void {
  if (v !== undefined && !allowed.includes(String(v))) {
    throw new MongoCommandError(
      2,
      `Enumeration value '${String(v)}' for field '${field}' is not a valid value.`,
    );
  }
}

/** The checks `create` and `collMod` make on validators and view definitions. */
export function checkCollectionOptions(options: Doc): void {
  checkValidator(options.validator);
  enumValue('validationLevel', options.validationLevel, LEVELS);
  enumValue('validationAction', options.validationAction, ACTIONS);
  if (options.viewOn === undefined) {
    if (options.pipeline !== undefined) {
      throw new MongoCommandError(9, "'pipeline' requires 'viewOn' to also be specified");
    }
    return;
  }
  if (typeof options.viewOn !== 'string' || options.viewOn === '') {
    throw new MongoCommandError(
      14,
      "BSON field 'create.viewOn' is the wrong type, expected type 'string'",
    );
  }
  if (options.pipeline !== undefined && !Array.isArray(options.pipeline)) {
    throw new MongoCommandError(
      14,
      "BSON field 'create.pipeline' is the wrong type, expected type 'array'",
    );
  }
  if (options.validator !== undefined) {
    throw new MongoCommandError(72, 'Cannot specify a validator on a view');
  }
  options.pipeline ??= [];
  for (const stage of options.pipeline as unknown[]) {
    const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (name === '$out' || name === '$merge') {
      throw new MongoCommandError(167, `${name} cannot be used in a view definition`);
    }
  }
}

/** A view's source collection and the whole pipeline down to it (views may stack). */
export function resolveView(
  ctx: CommandContext,
  coll: Collection | undefined,
): { source: Collection | undefined; pipeline: Doc[] } | undefined {
  if (coll?.options.viewOn === undefined) return undefined;
  let pipeline: Doc[] = [];
  let cur: Collection | undefined = coll;
  for (let depth = 0; cur?.options.viewOn !== undefined; depth++) {
    if (depth > 20) throw new MongoCommandError(2, 'View depth too deep or view cycle detected');
    pipeline = [...((cur.options.pipeline as Doc[] | undefined) ?? []), ...pipeline];
    cur = ctx.engine.collection(ctx.db, String(cur.options.viewOn));
  }
  return { source: cur, pipeline };
}

/** The documents a view yields, followed by `stages`. */
export function viewDocs(
  ctx: CommandContext,
  view: { source: Collection | undefined; pipeline: Doc[] },
  stages: Doc[],
  variables?: Doc,
): Doc[] {
  const input = [...(view.source?.docs.values() ?? [])].map(cloneValue);
  const resolver = (name: string) =>
    [...(ctx.engine.collection(ctx.db, name)?.docs.values() ?? [])].map(cloneValue);
  const pipeline = [...view.pipeline, ...stages];
  if (!pipeline.length) return input;
  return new Aggregator(pipeline, {
    ...MINGO_OPTIONS,
    collectionResolver: resolver,
    variables,
  }).run(input) as Doc[];
}

function indexChange(coll: Collection, spec: unknown, reply: Doc): IndexChange {
  if (!isPlainObject(spec))
    throw new MongoCommandError(14, "BSON field 'collMod.index' is the wrong type");
  const ix = [...coll.indexes.values()].find((i) =>
    typeof spec.name === 'string'
      ? i.name === spec.name
      : JSON.stringify(i.spec.key) === JSON.stringify(spec.keyPattern),
  );
  if (!ix)
    throw new MongoCommandError(
      27,
      `cannot find index ${JSON.stringify(spec.name ?? spec.keyPattern)} for ns ${coll.ns}`,
    );
  const change: IndexChange = { name: ix.name };
  if (spec.hidden !== undefined) {
    if (ix.name === '_id_') throw new MongoCommandError(72, "can't hide _id index");
    reply.hidden_old = ix.spec.hidden === true;
    reply.hidden_new = spec.hidden === true;
    change.hidden = spec.hidden === true;
  }
  if (spec.expireAfterSeconds !== undefined) {
    if (ix.spec.expireAfterSeconds === undefined) {
      throw new MongoCommandError(72, 'no expireAfterSeconds field to update');
    }
    const secs = Number(spec.expireAfterSeconds);
    if (!Number.isFinite(secs) || secs < 0) {
      throw new MongoCommandError(
        2,
        "TTL index 'expireAfterSeconds' option must be a non-negative number",
      );
    }
    reply.expireAfterSeconds_old = ix.spec.expireAfterSeconds;
    reply.expireAfterSeconds_new = Math.trunc(secs);
    change.expireAfterSeconds = Math.trunc(secs);
  }
  return change;
}

const COLLMOD_OPTIONS = ['validator', 'validationLevel', 'validationAction', 'viewOn', 'pipeline'];

export const collMod: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const coll = ctx.engine.collection(ctx.db, name);
  if (!coll) throw new MongoCommandError(26, `ns does not exist: ${ctx.db}.${name}`);
  const options: Doc = {};
  for (const k of COLLMOD_OPTIONS) if (cmd[k] !== undefined) options[k] = cmd[k];
  const isView = coll.options.viewOn !== undefined;
  if (
    isView &&
    (options.validator ?? options.validationLevel ?? options.validationAction) !== undefined
  ) {
    throw new MongoCommandError(166, `Namespace ${coll.ns} is a view, not a collection`);
  }
  if (!isView && (options.viewOn ?? options.pipeline) !== undefined) {
    throw new MongoCommandError(72, `Namespace ${coll.ns} is a collection, not a view`);
  }
  checkCollectionOptions({ ...coll.options, ...options });
  const reply: Doc = {};
  const index = cmd.index !== undefined ? indexChange(coll, cmd.index, reply) : undefined;
  ctx.engine.collMod(coll, options, index);
  return { ...reply, ok: 1 };
};
