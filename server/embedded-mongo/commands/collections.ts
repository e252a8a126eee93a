import type { Doc } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { compileFilter } from '../engine/matcher';
import { type Handler, optionalDoc, targetName } from './context';
import { checkCollectionOptions } from './views';

const CREATE_OPTIONS = new Set([
  'capped',
  'size',
  'max',
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'timeseries',
  'expireAfterSeconds',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
  'comment',
  'viewOn',
  'pipeline',
]);

export const create: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  if (ctx.engine.collection(ctx.db, name)) {
    throw new MongoCommandError(48, `Collection ${ctx.db}.${name} already exists.`);
  }
  const options: Doc = {};
  for (const [k, v] of Object.entries(cmd)) {
    if (k === 'create' || k.startsWith('$') || k === 'lsid' || k === 'writeConcern') continue;
    if (CREATE_OPTIONS.has(k)) options[k] = v;
  }
  checkCollectionOptions(options);
  ctx.engine.ensureCollection(ctx.db, name, options);
  return { ok: 1 };
};

export const drop: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const coll = ctx.engine.collection(ctx.db, name);
  if (!coll) return { ok: 1 };
  const nIndexesWas = coll.indexes.size;
  ctx.engine.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

export const dropDatabase: Handler = (_cmd, ctx) => {
  ctx.engine.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

export const listCollections: Handler = (cmd, ctx) => {
  const filter = optionalDoc(cmd, 'filter');
  const match = compileFilter(filter);
  const colls = [...(ctx.engine.dbs.get(ctx.db)?.values() ?? [])];
  const infos: Doc[] = colls.map((c) => {
    const type = c.options.viewOn !== undefined ? 'view' : 'collection';
    if (cmd.nameOnly === true) return { name: c.name, type };
    if (type === 'view')
      return { name: c.name, type, options: c.options, info: { readOnly: true } };
    return {
      name: c.name,
      type,
      options: c.options,
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    };
  });
  const cursor = optionalDoc(cmd, 'cursor') ?? {};
  const batchSize = typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined;
  return ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, infos.filter(match), batchSize);
};

export const renameCollection: Handler = (cmd, ctx) => {
  const from = String(cmd.renameCollection ?? '');
  const to = String(cmd.to ?? '');
  const split = (ns: string): [string, string] => {
    const dot = ns.indexOf('.');
    if (dot <= 0) throw new MongoCommandError(73, `Invalid namespace specified '${ns}'`);
    return [ns.slice(0, dot), ns.slice(dot + 1)];
  };
  const [fromDb, fromColl] = split(from);
  const [toDb, toColl] = split(to);
  if (!ctx.engine.collection(fromDb, fromColl)) {
    throw new MongoCommandError(26, `Source collection ${from} does not exist`);
  }
  if (ctx.engine.collection(toDb, toColl)) {
    if (cmd.dropTarget !== true) throw new MongoCommandError(48, 'target namespace exists');
    ctx.engine.dropCollection(toDb, toColl);
  }
  ctx.engine.renameCollection(fromDb, fromColl, toDb, toColl);
  return { ok: 1 };
};

export const collStats: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const coll = ctx.engine.collection(ctx.db, name);
  if (!coll) throw new MongoCommandError(26, `Collection [${ctx.db}.${name}] not found.`);
  return {
    ns: coll.ns,
    count: coll.docs.size,
    nindexes: coll.indexes.size,
    indexSizes: Object.fromEntries([...coll.indexes.keys()].map((k) => [k, 0])),
    ok: 1,
  };
};
