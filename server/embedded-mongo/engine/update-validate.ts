import { type Doc, isPlainObject } from './compare';
import { MongoCommandError } from './errors';
import { formatValue } from './format';
import { splitPath } from './paths';

export const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$setOnInsert',
  '$bit',
]);

/** MongoDB's type names as they appear in error messages. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (isPlainObject(v)) return 'object';
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'ObjectId') return 'objectId';
  if (t === 'Binary') return 'binData';
  return t ? t.toLowerCase() : 'object';
}

function isNumeric(v: unknown): boolean {
  if (typeof v === 'number') return true;
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  return t === 'Long' || t === 'Int32' || t === 'Double';
}

function conflictAt(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Checks the shape of an operator update before anything is applied. */
export function validateOperators(update: Doc): void {
  const seen: string[] = [];
  for (const [op, arg] of Object.entries(update)) {
    if (!op.startsWith('$')) {
      throw new MongoCommandError(
        9,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!UPDATE_OPERATORS.has(op)) {
      throw new MongoCommandError(
        9,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(arg)) {
      throw new MongoCommandError(
        9,
        `Modifiers operate on fields but we found type ${typeName(arg)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(arg)}}`,
      );
    }
    for (const [path, v] of Object.entries(arg)) {
      if ((op === '$inc' || op === '$mul') && !isNumeric(v)) {
        const verb = op === '$inc' ? 'increment' : 'multiply';
        throw new MongoCommandError(
          14,
          `Cannot ${verb} with non-numeric argument: {${path}: ${formatValue(v)}}`,
        );
      }
      const paths = op === '$rename' ? [path, String(v)] : [path];
      for (const p of paths) {
        const clash = seen.find((s) => conflictAt(s, p));
        if (clash !== undefined) {
          throw new MongoCommandError(
            40,
            `Updating the path '${p}' would create a conflict at '${clash.length < p.length ? clash : p}'`,
          );
        }
        seen.push(p);
      }
    }
  }
}

/** Rejects updates MongoDB refuses on this particular document (type and path errors). */
export function validateAgainstDoc(doc: Doc, update: Doc): void {
  for (const [op, arg] of Object.entries(update)) {
    for (const path of Object.keys(arg as Doc)) {
      const parts = splitPath(path);
      if (parts.some((p) => p.startsWith('$'))) continue; // positional paths: mingo resolves them
      let cur: unknown = doc;
      for (let i = 0; i < parts.length; i++) {
        if (cur === undefined) break;
        if (Array.isArray(cur)) {
          if (!/^\d+$/.test(parts[i])) {
            if (op === '$unset' || op === '$pull' || op === '$pop') break;
            throw new MongoCommandError(
              28,
              `Cannot create field '${parts[i]}' in element {${parts[i - 1]}: ${formatValue(cur)}}`,
            );
          }
          cur = cur[Number(parts[i])];
          continue;
        }
        if (!isPlainObject(cur)) {
          if (op === '$unset') break;
          throw new MongoCommandError(
            28,
            `Cannot create field '${parts[i]}' in element {${parts[i - 1]}: ${formatValue(cur)}}`,
          );
        }
        cur = cur[parts[i]];
      }
      if (cur === undefined) continue;
      if ((op === '$inc' || op === '$mul') && !isNumeric(cur)) {
        const name = op === '$inc' ? '$inc' : '$mul';
        throw new MongoCommandError(
          14,
          `Cannot apply ${name} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${parts[parts.length - 1]}' of non-numeric type ${typeName(cur)}`,
        );
      }
      if ((op === '$push' || op === '$addToSet' || op === '$pullAll') && !Array.isArray(cur)) {
        throw new MongoCommandError(
          2,
          `The field '${path}' must be an array but is of type ${typeName(cur)} in document {_id: ${formatValue(doc._id)}}`,
        );
      }
    }
  }
}
