import { type Doc, isPlainObject } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { applyUpdate, buildUpsertDoc, type UpdateSpec } from '../engine/update';
import { type Handler, letOf, optionalDoc, runQuery, targetName } from './context';
import { project } from './projection';
import { assertNotView, validateWrite } from './validation';

export const findAndModify: Handler = (cmd, ctx) => {
  const name = targetName(cmd);
  const query = optionalDoc(cmd, 'query');
  const fields = optionalDoc(cmd, 'fields');
  const remove = cmd.remove === true;
  const u = cmd.update as UpdateSpec | undefined;
  if (remove && u !== undefined) {
    throw new MongoCommandError(9, 'Cannot specify both an update and remove=true');
  }
  if (!remove && u === undefined) {
    throw new MongoCommandError(9, 'Either an update or remove=true must be specified');
  }
  if (!remove && !isPlainObject(u) && !Array.isArray(u)) {
    throw new MongoCommandError(14, 'Update argument must be either an object or an array');
  }
  if (remove && cmd.upsert === true) {
    throw new MongoCommandError(9, 'Cannot specify both upsert=true and remove=true');
  }
  const returnNew = cmd.new === true;
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Doc[]) : undefined;
  const coll = ctx.engine.collection(ctx.db, name);
  assertNotView(coll);
  const variables = letOf(cmd);
  const [found] = runQuery(coll, {
    filter: query,
    sort: optionalDoc(cmd, 'sort'),
    limit: 1,
    variables,
    collation: cmd.collation,
    hint: cmd.hint,
  });
  const shape = (d: Doc | null): Doc | null => (d ? project([d], fields, query)[0] : null);

  if (remove) {
    if (!found) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.engine.remove(coll!, found);
    return { lastErrorObject: { n: 1 }, value: shape(found), ok: 1 };
  }
  const update = u as UpdateSpec;
  if (found) {
    const res = applyUpdate(found, update, { arrayFilters, filter: query, variables });
    if (res.changed) {
      validateWrite(coll!, res.doc, found, cmd);
      ctx.engine.replace(coll!, res.doc);
    }
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: shape(returnNew ? res.doc : found),
      ok: 1,
    };
  }
  if (cmd.upsert !== true) {
    return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  }
  const doc = buildUpsertDoc(query, update, arrayFilters, variables);
  const target = ctx.engine.ensureCollection(ctx.db, name);
  validateWrite(target, doc, undefined, cmd);
  ctx.engine.insert(target, doc);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
    value: returnNew ? shape(doc) : null,
    ok: 1,
  };
};
