import type { Collection } from '../engine/collection';
import { type Doc, isPlainObject } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { checkSchema, schemaFailures } from '../engine/json-schema';
import { compileFilter } from '../engine/matcher';

/** MongoDB refuses writes through a view (166), whatever the command. */
export function assertNotView(coll: Collection | undefined): void {
  if (coll?.options.viewOn !== undefined) {
    throw new MongoCommandError(166, `Namespace ${coll.ns} is a view, not a collection`);
  }
}

/** Checks a validator document at create/collMod time, as MongoDB parses it then. */
export function checkValidator(validator: unknown): void {
  if (validator === undefined) return;
  if (!isPlainObject(validator)) {
    throw new MongoCommandError(14, "BSON field 'validator' is the wrong type, expected object");
  }
  const { $jsonSchema, ...rest } = validator;
  if ($jsonSchema !== undefined) checkSchema($jsonSchema);
  compileFilter(rest);
}

function failures(validator: Doc, doc: Doc): Doc | undefined {
  const { $jsonSchema, ...rest } = validator;
  if (isPlainObject($jsonSchema)) {
    const rules = schemaFailures($jsonSchema, doc);
    if (rules.length) return { operatorName: '$jsonSchema', schemaRulesNotSatisfied: rules };
  }
  if (Object.keys(rest).length && !compileFilter(rest)(doc)) {
    return { operatorName: Object.keys(rest).length > 1 ? '$and' : Object.keys(rest)[0] };
  }
  return undefined;
}

/**
 * Applies the collection's validator to a document about to be stored (`prev` is the stored
 * version for updates). `validationLevel: moderate` skips updates of already-invalid
 * documents; `validationAction: warn` lets the write through, as MongoDB only logs it.
 */
export function validateWrite(coll: Collection, doc: Doc, prev: Doc | undefined, cmd: Doc): void {
  assertNotView(coll);
  const validator = coll.options.validator;
  if (!isPlainObject(validator) || cmd.bypassDocumentValidation === true) return;
  const level = coll.options.validationLevel ?? 'strict';
  if (level === 'off') return;
  if (level === 'moderate' && prev && failures(validator, prev)) return;
  const details = failures(validator, doc);
  if (!details || coll.options.validationAction === 'warn') return;
  throw new MongoCommandError(121, 'Document failed validation', {
    errInfo: { failingDocumentId: doc._id, details },
  });
}
