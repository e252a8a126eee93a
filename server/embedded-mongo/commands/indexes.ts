import { type Doc, isPlainObject, keyString } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { formatDoc } from '../engine/format';
import { defaultIndexName, type IndexSpec } from '../engine/index-def';
import { type Handler, targetName } from './context';
import { assertNotView } from './validation';

// Options that change what an index holds; two specs differing in them are different indexes.
const SEMANTIC_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
];
const ACCEPTED_OPTIONS = new Set([
  ...SEMANTIC_OPTIONS,
  'key',
  'name',
  'v',
  'background',
  'hidden',
  'ns',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
]);

function normaliseSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw new MongoCommandError(14, 'index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new MongoCommandError(
      67,
      "The 'key' field is a required property of an index specification",
    );
  }
  for (const k of Object.keys(raw)) {
    if (!ACCEPTED_OPTIONS.has(k)) {
      throw new MongoCommandError(
        197,
        `The field '${k}' is not valid for an index specification. Specification: ${formatDoc(raw)}`,
      );
    }
  }
  const normKey: Doc = {};
  for (const [f, d] of Object.entries(key))
    normKey[f] = typeof d === 'number' ? (d < 0 ? -1 : 1) : d;
  const name = typeof raw.name === 'string' && raw.name ? raw.name : defaultIndexName(normKey);
  const spec: IndexSpec = { v: 2, key: normKey, name };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.partialFilterExpression !== undefined)
    spec.partialFilterExpression = raw.partialFilterExpression as Doc;
  if (raw.expireAfterSeconds !== undefined) {
    const secs = Number(raw.expireAfterSeconds);
    if (!Number.isFinite(secs) || secs < 0) {
      throw new MongoCommandError(
        2,
        `TTL index 'expireAfterSeconds' option must be a non-negative number`,
      );
    }
    spec.expireAfterSeconds = Math.trunc(secs);
  }
  if (raw.collation !== undefined) spec.collation = raw.collation;
  if (raw.hidden === true) spec.hidden = true;
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return SEMANTIC_OPTIONS.every((o) => keyString(a[o]) === keyString(b[o]));
}

export const createIndexes: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) {
    throw new MongoCommandError(2, 'Must specify at least one index to create');
  }
  const specs = cmd.indexes.map(normaliseSpec);
  assertNotView(ctx.engine.collection(ctx.db, name));
  const existed = ctx.engine.collection(ctx.db, name) !== undefined;
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const before = coll.indexes.size;
  let created = 0;
  for (const spec of specs) {
    const sameName = coll.indexes.get(spec.name);
    const sameKey = [...coll.indexes.values()].find(
      (ix) => keyString(ix.spec.key) === keyString(spec.key) && sameOptions(ix.spec, spec),
    );
    if (sameName) {
      if (keyString(sameName.spec.key) !== keyString(spec.key)) {
        throw new MongoCommandError(
          86,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatDoc(spec)}, existing index: ${formatDoc(sameName.spec)}`,
        );
      }
      if (!sameOptions(sameName.spec, spec)) {
        throw new MongoCommandError(
          85,
          `An equivalent index already exists with the same name but different options. Requested index: ${formatDoc(spec)}, existing index: ${formatDoc(sameName.spec)}`,
        );
      }
      continue;
    }
    if (sameKey) {
      throw new MongoCommandError(
        85,
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    ctx.engine.createIndex(coll, spec);
    created++;
  }
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    createdCollectionAutomatically: !existed,
  };
  if (created === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

export const listIndexes: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const coll = ctx.engine.collection(ctx.db, name);
  if (!coll) throw new MongoCommandError(26, `ns does not exist: ${ctx.db}.${name}`);
  const specs = [...coll.indexes.values()].map((ix) => ({ ...ix.spec }));
  const cursor = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined;
  return ctx.cursors.open(`${ctx.db}.$cmd.listIndexes.${name}`, specs, batchSize);
};

export const dropIndexes: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const coll = ctx.engine.collection(ctx.db, name);
  if (!coll) throw new MongoCommandError(26, `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size;
  const target = cmd.index;
  let names: string[];
  if (target === '*') names = [...coll.indexes.keys()].filter((n) => n !== '_id_');
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const ix = [...coll.indexes.values()].find((i) => keyString(i.spec.key) === keyString(target));
    if (!ix) throw new MongoCommandError(27, `can't find index with key: ${formatDoc(target)}`);
    names = [ix.name];
  } else throw new MongoCommandError(14, "BSON field 'dropIndexes.index' is the wrong type");
  for (const n of names) {
    if (n === '_id_') throw new MongoCommandError(72, 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new MongoCommandError(27, `index not found with name [${n}]`);
  }
  for (const n of names) ctx.engine.dropIndex(coll, n);
  return { nIndexesWas, ok: 1 };
};
