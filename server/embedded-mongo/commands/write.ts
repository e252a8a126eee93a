import { ObjectId } from 'bson';
import { type Doc, isPlainObject } from '../engine/compare';
import { MongoCommandError, toCommandError } from '../engine/errors';
import { applyUpdate, buildUpsertDoc, isOperatorUpdate, type UpdateSpec } from '../engine/update';
import { type CommandContext, type Handler, letOf, runQuery, targetName } from './context';
import { MAX_WRITE_BATCH_SIZE } from '../wire/protocol';
import { idFirst } from './projection';
import { assertNotView, validateWrite } from './validation';

function statements(cmd: Doc, field: string): Doc[] {
  const list = cmd[field];
  if (!Array.isArray(list)) {
    throw new MongoCommandError(
      40414,
      `BSON field '${Object.keys(cmd)[0]}.${field}' is missing but a required field`,
    );
  }
  if (list.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoCommandError(
      16,
      `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${list.length} operations.`,
    );
  }
  return list as Doc[];
}

/** Runs each statement, collecting writeErrors; an ordered batch stops at the first error. */
function eachStatement(cmd: Doc, list: Doc[], fn: (s: Doc, i: number) => void): Doc[] {
  const ordered = cmd.ordered !== false;
  const errors: Doc[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      fn(list[i], i);
    } catch (err) {
      errors.push(toCommandError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return errors;
}

function withErrors(reply: Doc, errors: Doc[]): Doc {
  if (errors.length) reply.writeErrors = errors;
  reply.ok = 1;
  return reply;
}

export const insert: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const docs = statements(cmd, 'documents');
  assertNotView(ctx.engine.collection(ctx.db, name));
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  let n = 0;
  const errors = eachStatement(cmd, docs, (raw) => {
    if (!isPlainObject(raw))
      throw new MongoCommandError(14, 'document to insert must be an object');
    // mongod stores _id as the first field whatever position the client sent it in
    const doc = raw._id === undefined ? { _id: new ObjectId(), ...raw } : idFirst(raw);
    validateWrite(coll, doc, undefined, cmd);
    ctx.engine.insert(coll, doc);
    n++;
  });
  return withErrors({ n }, errors);
};

function updateOne(ctx: CommandContext, cmd: Doc, s: Doc, index: number, out: UpdateTally): void {
  const name = targetName(cmd);
  const variables = letOf(cmd);
  const filter = (s.q ?? {}) as Doc;
  const u = s.u as UpdateSpec;
  if (!isPlainObject(u) && !Array.isArray(u)) {
    throw new MongoCommandError(14, 'Update argument must be either an object or an array');
  }
  const multi = s.multi === true;
  if (multi && !Array.isArray(u) && !isOperatorUpdate(u)) {
    throw new MongoCommandError(9, 'multi update is not supported for replacement-style update');
  }
  const arrayFilters = Array.isArray(s.arrayFilters) ? (s.arrayFilters as Doc[]) : undefined;
  const coll = ctx.engine.collection(ctx.db, name);
  assertNotView(coll);
  const matched = runQuery(coll, {
    filter,
    limit: multi ? undefined : 1,
    variables,
    collation: s.collation,
    hint: s.hint,
  });
  if (matched.length === 0) {
    if (s.upsert === true) {
      const doc = buildUpsertDoc(filter, u, arrayFilters, variables);
      const target = ctx.engine.ensureCollection(ctx.db, name);
      validateWrite(target, doc, undefined, cmd);
      ctx.engine.insert(target, doc);
      out.n++;
      out.upserted.push({ index, _id: doc._id });
    }
    return;
  }
  for (const doc of matched) {
    const res = applyUpdate(doc, u, { arrayFilters, filter, variables });
    out.n++;
    if (res.changed) {
      validateWrite(coll!, res.doc, doc, cmd);
      ctx.engine.replace(coll!, res.doc);
      out.nModified++;
    }
  }
}

interface UpdateTally {
  n: number;
  nModified: number;
  upserted: Doc[];
}

export const update: Handler = (cmd, ctx) => {
  assertNotView(ctx.engine.collection(ctx.db, targetName(cmd)));
  const list = statements(cmd, 'updates');
  const tally: UpdateTally = { n: 0, nModified: 0, upserted: [] };
  const errors = eachStatement(cmd, list, (s, i) => {
    updateOne(ctx, cmd, s, i, tally);
  });
  const reply: Doc = { n: tally.n, nModified: tally.nModified };
  if (tally.upserted.length) reply.upserted = tally.upserted;
  return withErrors(reply, errors);
};

export const del: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const list = statements(cmd, 'deletes');
  assertNotView(ctx.engine.collection(ctx.db, name));
  let n = 0;
  const errors = eachStatement(cmd, list, (s) => {
    const limit = Number(s.limit ?? 0);
    if (limit !== 0 && limit !== 1) {
      throw new MongoCommandError(
        9,
        `The limit field in delete objects must be 0 or 1. Got ${limit}`,
      );
    }
    const coll = ctx.engine.collection(ctx.db, name);
    assertNotView(coll);
    const matched = runQuery(coll, {
      filter: (s.q ?? {}) as Doc,
      limit: limit || undefined,
      variables: letOf(cmd),
      collation: s.collation,
      hint: s.hint,
    });
    for (const doc of matched) {
      ctx.engine.remove(coll!, doc);
      n++;
    }
  });
  return withErrors({ n }, errors);
};
