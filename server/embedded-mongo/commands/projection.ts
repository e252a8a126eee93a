import { find as mingoFind } from 'mingo';
import type { Doc } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { MINGO_OPTIONS } from '../engine/matcher';

/** Puts keys back in the source document's order, as mongod's projection keeps it. */
function reorderLike(out: Doc, src: Doc): Doc {
  const keys = Object.keys(out);
  if (keys.length <= 1) return out;
  const res: Doc = {};
  for (const k of Object.keys(src)) if (k in out) res[k] = out[k];
  for (const k of keys) if (!(k in res)) res[k] = out[k];
  return res;
}

/** Applies a find projection (inclusion, exclusion, $slice, $elemMatch, positional `$`). */
export function project(docs: Doc[], projection: Doc | undefined, filter?: Doc): Doc[] {
  if (!projection || Object.keys(projection).length === 0 || docs.length === 0) return docs;
  // only the positional operator needs the filter; every document here already matched it
  const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
  try {
    const outs = mingoFind(docs, positional ? (filter ?? {}) : {}, projection, MINGO_OPTIONS).all();
    if (outs.length !== docs.length) throw new Error('projection dropped documents');
    return (outs as Doc[]).map((out, i) => reorderLike(out, docs[i]));
  } catch (err) {
    throw new MongoCommandError(2, err instanceof Error ? err.message : String(err));
  }
}

/** Moves `_id` to the front of a computed document, where mongod puts it. */
export function idFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys.length < 2 || keys[0] === '_id' || !('_id' in doc)) return doc;
  const res: Doc = { _id: doc._id };
  for (const k of keys) if (k !== '_id') res[k] = doc[k];
  return res;
}
