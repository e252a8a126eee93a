import { compareValues, type Doc, keyString } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { compileFilter } from '../engine/matcher';
import { pathValues } from '../engine/paths';
import { candidates, type Plan } from '../engine/planner';
import { Slicer } from '../engine/slice';
import {
  type Handler,
  letOf,
  optionalDoc,
  optionalInt,
  runQuery,
  runQuerySliced,
  targetName,
} from './context';
import { project } from './projection';
import { resolveView, viewDocs } from './views';

export const find: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const filter = optionalDoc(cmd, 'filter');
  const projection = optionalDoc(cmd, 'projection');
  let limit = optionalInt(cmd, 'limit');
  let singleBatch = cmd.singleBatch === true;
  if (limit !== undefined && limit < 0) {
    // legacy negative limit: one batch of |limit| documents
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = optionalInt(cmd, 'batchSize');
  if (batchSize !== undefined && batchSize < 0) {
    throw new MongoCommandError(
      51024,
      "BSON field 'batchSize' value must be >= 0, actual value '-1'",
    );
  }
  const coll = ctx.engine.collection(ctx.db, name);
  const view = resolveView(ctx, coll);
  if (view) {
    // MongoDB runs a find on a view as an aggregation over the view's pipeline
    const stages: Doc[] = [];
    if (filter && Object.keys(filter).length) stages.push({ $match: filter });
    const sort = optionalDoc(cmd, 'sort');
    if (sort && Object.keys(sort).length) stages.push({ $sort: sort });
    const skip = optionalInt(cmd, 'skip');
    if (skip) stages.push({ $skip: skip });
    if (limit) stages.push({ $limit: limit });
    const docs = viewDocs(ctx, view, stages, letOf(cmd));
    return ctx.cursors.open(
      `${ctx.db}.${name}`,
      project(docs, projection, filter),
      batchSize,
      singleBatch,
    );
  }
  // the result is taken now; matching, sorting and projecting it may take several turns
  const query = runQuerySliced(coll, {
    filter,
    sort: optionalDoc(cmd, 'sort'),
    skip: optionalInt(cmd, 'skip'),
    limit,
    variables: letOf(cmd),
    collation: cmd.collation,
    hint: cmd.hint,
  });
  return query.then(async (docs) => {
    const out = await projectSliced(docs, projection, filter);
    return ctx.cursors.open(`${ctx.db}.${name}`, out, batchSize, singleBatch);
  });
};

const PROJECT_STEP = 1000;

async function projectSliced(docs: Doc[], projection: Doc | undefined, filter?: Doc) {
  if (!projection || Object.keys(projection).length === 0 || docs.length <= PROJECT_STEP) {
    return project(docs, projection, filter);
  }
  const out: Doc[] = [];
  const slicer = new Slicer();
  for (let i = 0; i < docs.length; i += PROJECT_STEP) {
    for (const d of project(docs.slice(i, i + PROJECT_STEP), projection, filter)) out.push(d);
    if (slicer.due()) await slicer.pause();
  }
  return out;
}

export const getMore: Handler = (cmd, ctx) => {
  const collection = cmd.collection;
  if (typeof collection !== 'string') {
    throw new MongoCommandError(
      40414,
      "BSON field 'getMore.collection' is missing but a required field",
    );
  }
  return ctx.cursors.getMore(`${ctx.db}.${collection}`, cmd.getMore, optionalInt(cmd, 'batchSize'));
};

export const killCursors: Handler = (cmd, ctx) => {
  targetName(cmd);
  const ids = Array.isArray(cmd.cursors) ? cmd.cursors : [];
  return ctx.cursors.kill(ids);
};

export const count: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const coll = ctx.engine.collection(ctx.db, name);
  const query = optionalDoc(cmd, 'query');
  const skip = optionalInt(cmd, 'skip') ?? 0;
  const limit = Math.abs(optionalInt(cmd, 'limit') ?? 0);
  const view = resolveView(ctx, coll);
  if (view) {
    let n = viewDocs(
      ctx,
      view,
      query && Object.keys(query).length ? [{ $match: query }] : [],
    ).length;
    n = Math.max(0, n - skip);
    return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
  }
  const opts = { filter: query, collation: cmd.collation, hint: cmd.hint };
  const finish = (found: number) => {
    let n = Math.max(0, found - skip);
    if (limit > 0) n = Math.min(n, limit);
    return { n, ok: 1 };
  };
  if (!query || Object.keys(query).length === 0) {
    runQuery(coll, { ...opts, limit: 1 }); // validates hint and collation
    return finish(coll?.docs.size ?? 0);
  }
  return runQuerySliced(coll, opts).then((docs) => finish(docs.length));
};

export const distinct: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const key = cmd.key;
  if (typeof key !== 'string') {
    throw new MongoCommandError(
      14,
      "BSON field 'distinct.key' is the wrong type, expected type 'string'",
    );
  }
  const coll = ctx.engine.collection(ctx.db, name);
  const view = resolveView(ctx, coll);
  const query = optionalDoc(cmd, 'query');
  const distinctOf = (docs: Doc[]) => {
    const seen = new Map<string, unknown>();
    for (const d of docs) {
      for (const v of pathValues(d, key).values) {
        if (v === undefined) continue;
        const k = keyString(v);
        if (!seen.has(k)) seen.set(k, v);
      }
    }
    const values = [...seen.values()].sort(compareValues);
    return { values, ok: 1 };
  };
  if (view) return distinctOf(viewDocs(ctx, view, query ? [{ $match: query }] : []));
  return runQuerySliced(coll, { filter: query, collation: cmd.collation }).then(distinctOf);
};

/** `explain` for find/count: which index answered and how much was examined. */
export const explain: Handler = (cmd, ctx) => {
  const inner = optionalDoc(cmd, 'explain');
  const verb = inner ? Object.keys(inner)[0] : undefined;
  if (!inner || (verb !== 'find' && verb !== 'count')) {
    throw new MongoCommandError(2, 'explain is only supported for find and count');
  }
  const name = targetName(inner);
  const filter = optionalDoc(inner, verb === 'find' ? 'filter' : 'query');
  const coll = ctx.engine.collection(ctx.db, name);
  const plan: Plan = { keysExamined: 0, docsExamined: 0 };
  let nReturned = 0;
  if (coll) {
    const match = compileFilter(filter);
    for (const d of candidates(coll, filter, plan)) if (match(d)) nReturned++;
  }
  const scan = plan.index
    ? { stage: 'IXSCAN', indexName: plan.index }
    : { stage: 'COLLSCAN', direction: 'forward' };
  const winningPlan = plan.index ? { stage: 'FETCH', inputStage: scan } : scan;
  return {
    queryPlanner: {
      namespace: `${ctx.db}.${name}`,
      parsedQuery: filter ?? {},
      winningPlan,
      rejectedPlans: [],
    },
    executionStats: {
      executionSuccess: true,
      nReturned,
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: plan.docsExamined,
    },
    ok: 1,
  };
};
