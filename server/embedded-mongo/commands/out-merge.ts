import { ObjectId } from 'bson';
import { Collection } from '../engine/collection';
import { cloneValue, type Doc, isPlainObject, keyString } from '../engine/compare';
import { MongoCommandError, toCommandError } from '../engine/errors';
import { applyPipelineUpdate } from '../engine/pipeline-update';
import { type CommandContext, runQuery } from './context';
import { assertNotView } from './validation';

/** Where `$out`/`$merge` write: a name in the current database or `{db, coll}`. */
function targetOf(ctx: CommandContext, spec: unknown, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string') {
    return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  }
  throw new MongoCommandError(
    16990,
    `${stage} only supports a string or object argument, not ${typeof spec}`,
  );
}

const withId = (d: Doc): Doc => (d._id === undefined ? { _id: new ObjectId(), ...d } : d);

/**
 * `$out`: replaces the target's documents with the results, keeping its options and indexes,
 * all or nothing. The results are loaded into a scratch copy first, so a duplicate key leaves
 * the target untouched, as MongoDB's temporary-collection rename does.
 */
export function runOut(ctx: CommandContext, spec: unknown, docs: Doc[]): void {
  const t = targetOf(ctx, spec, '$out');
  const existing = ctx.engine.collection(t.db, t.coll);
  assertNotView(existing);
  const specs = existing ? [...existing.indexes.values()].filter((i) => i.name !== '_id_') : [];
  const scratch = new Collection(t.db, t.coll, existing?.options ?? {});
  for (const ix of specs) scratch.createIndex(ix.spec);
  const out = docs.map(withId);
  for (const d of out) scratch.insert(d);
  const options = existing?.options ?? {};
  if (existing) ctx.engine.dropCollection(t.db, t.coll);
  const coll = ctx.engine.ensureCollection(t.db, t.coll, options);
  for (const ix of specs) ctx.engine.createIndex(coll, ix.spec);
  for (const d of out) ctx.engine.insert(coll, d);
}

interface MergeSpec {
  into: unknown;
  on?: unknown;
  let?: unknown;
  whenMatched?: unknown;
  whenNotMatched?: unknown;
}

function onFields(coll: Collection | undefined, on: unknown): string[] {
  const fields = on === undefined ? ['_id'] : [on].flat().map(String);
  if (fields.length === 1 && fields[0] === '_id') return fields;
  const want = keyString([...fields].sort());
  const ok = [...(coll?.indexes.values() ?? [])].some(
    (ix) => ix.unique && !ix.partial && keyString(Object.keys(ix.spec.key).sort()) === want,
  );
  if (!ok) {
    throw new MongoCommandError(
      51183,
      'Cannot find index to verify that join fields will be unique',
    );
  }
  return fields;
}

/** `$merge` into the target, statement by statement, with MongoDB's whenMatched modes. */
export function runMerge(ctx: CommandContext, raw: unknown, docs: Doc[]): void {
  const spec: MergeSpec = isPlainObject(raw) ? (raw as unknown as MergeSpec) : { into: raw };
  const t = targetOf(ctx, spec.into, '$merge');
  assertNotView(ctx.engine.collection(t.db, t.coll));
  const coll = ctx.engine.ensureCollection(t.db, t.coll);
  const on = onFields(coll, spec.on);
  const whenMatched = spec.whenMatched ?? 'merge';
  const whenNotMatched = spec.whenNotMatched ?? 'insert';
  const letVars = isPlainObject(spec.let) ? spec.let : undefined;
  for (const doc of docs) {
    // only an _id join needs the _id up front; otherwise it is generated on insert
    const src = on[0] === '_id' ? withId(doc) : doc;
    const filter: Doc = {};
    for (const f of on) {
      const v = src[f];
      if (v === undefined || v === null || Array.isArray(v)) {
        throw new MongoCommandError(
          51132,
          "$merge write error: 'on' field cannot be missing, null, undefined or an array",
        );
      }
      filter[f] = v;
    }
    const [found] = runQuery(coll, { filter, limit: 1 });
    if (!found) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') {
        throw new MongoCommandError(
          13113,
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      }
      ctx.engine.insert(coll, withId(cloneValue(src)));
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      const ix = coll.indexes.get('_id_')!;
      const err = ix.duplicateError(coll.ns, [found._id]);
      throw new MongoCommandError(
        11000,
        `$merge failed due to a DuplicateKey error :: caused by :: ${err.message}`,
        err.extra,
      );
    }
    let next: Doc;
    if (whenMatched === 'replace') next = { ...cloneValue(src), _id: found._id };
    else if (whenMatched === 'merge') next = { ...found, ...cloneValue(src), _id: found._id };
    else if (Array.isArray(whenMatched)) {
      const vars = { ...(letVars ?? {}), new: src };
      next = applyPipelineUpdate(found, whenMatched as Doc[], vars, false).doc;
    } else {
      throw new MongoCommandError(
        9,
        `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`,
      );
    }
    if (
      !Array.isArray(whenMatched) &&
      src._id !== undefined &&
      keyString(src._id) !== keyString(found._id)
    ) {
      // the target's _id is immutable: a join on other fields may not change it
      throw new MongoCommandError(
        66,
        "$merge failed to update the matching document, did you attempt to modify the _id or the shard key? :: caused by :: Performing an update on the path '_id' would modify the immutable field '_id'",
      );
    }
    try {
      ctx.engine.replace(coll, next);
    } catch (err) {
      throw toCommandError(err);
    }
  }
}
