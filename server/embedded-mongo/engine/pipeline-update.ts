import { Aggregator } from 'mingo';
import { cloneValue, type Doc, isPlainObject, keyString } from './compare';
import { MongoCommandError, toCommandError } from './errors';
import { formatValue } from './format';
import { MINGO_OPTIONS } from './matcher';

// The stages MongoDB allows in an update pipeline; anything else is refused with 72.
const UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

export function assertUpdatePipeline(pipeline: unknown[]): void {
  for (const stage of pipeline) {
    const keys = isPlainObject(stage) ? Object.keys(stage) : [];
    if (keys.length !== 1) {
      throw new MongoCommandError(
        40323,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    if (!UPDATE_STAGES.has(keys[0])) {
      throw new MongoCommandError(72, `${keys[0]} is not allowed to be used within an update`);
    }
  }
}

/**
 * Runs an update pipeline over one document. As in mongod, a result without `_id` gets the
 * original `_id` back (first), and a result with a different `_id` is refused (66).
 */
export function applyPipelineUpdate(
  doc: Doc,
  pipeline: Doc[],
  variables: Doc | undefined,
  inserting: boolean,
): { doc: Doc; changed: boolean } {
  assertUpdatePipeline(pipeline);
  let out: Doc;
  try {
    const agg = new Aggregator(pipeline, { ...MINGO_OPTIONS, variables });
    out = agg.run([cloneValue(doc)])[0] as Doc;
  } catch (err) {
    throw toCommandError(err);
  }
  if (!isPlainObject(out)) out = {};
  if (doc._id !== undefined) {
    if (out._id === undefined) out = { _id: doc._id, ...out };
    else if (keyString(out._id) !== keyString(doc._id) && !inserting) {
      throw new MongoCommandError(
        66,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(out._id)}`,
      );
    }
  }
  return { doc: out, changed: keyString(out) !== keyString(doc) };
}
