import { type Doc, isPlainObject, keyString } from './compare';
import { MongoCommandError } from './errors';
import { typeName } from './update-validate';

/**
 * `$jsonSchema` validation as MongoDB implements it (draft 4 subset plus `bsonType`), with the
 * `schemaRulesNotSatisfied` details MongoDB puts into a DocumentValidationFailure's errInfo.
 */
const KEYWORDS = new Set([
  'bsonType',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'patternProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'title',
  'description',
  'dependencies',
  'multipleOf',
]);

// JSON Schema `type` names to the BSON aliases MongoDB matches them with
const JSON_TYPES: Record<string, string[]> = {
  object: ['object'],
  array: ['array'],
  string: ['string'],
  boolean: ['bool'],
  null: ['null'],
  number: ['int', 'long', 'double', 'decimal'],
};

/** Refuses what MongoDB refuses when a validator is created (unknown keywords, `type: integer`). */
export function checkSchema(schema: unknown, depth = 0): void {
  if (!isPlainObject(schema)) throw new MongoCommandError(14, '$jsonSchema must be an object');
  for (const [k, v] of Object.entries(schema)) {
    if (!KEYWORDS.has(k)) throw new MongoCommandError(9, `Unknown $jsonSchema keyword: ${k}`);
    if (k === 'type' && [v].flat().some((t) => !(String(t) in JSON_TYPES))) {
      throw new MongoCommandError(9, `Unknown type name alias: ${String(v)}`);
    }
    if (depth > 50) continue;
    if (k === 'properties' || k === 'patternProperties') {
      for (const sub of Object.values(v as Doc)) checkSchema(sub, depth + 1);
    }
    if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isPlainObject(v)) {
      checkSchema(v, depth + 1);
    }
    if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      for (const sub of v as unknown[]) checkSchema(sub, depth + 1);
    }
  }
}

function bsonTypeOf(v: unknown): string {
  const t = typeName(v);
  return t === 'missing' ? 'null' : t;
}

function typeMatches(v: unknown, wanted: unknown, json: boolean): boolean {
  const t = bsonTypeOf(v);
  return [wanted].flat().some((w) => {
    const name = String(w);
    if (json) return (JSON_TYPES[name] ?? []).includes(t);
    if (name === 'number') return ['int', 'long', 'double', 'decimal'].includes(t);
    return name === t;
  });
}

const isNum = (v: unknown) => typeof v === 'number';

/** The rules `value` breaks; empty when it satisfies the schema. */
export function schemaFailures(schema: Doc, value: unknown): Doc[] {
  const out: Doc[] = [];
  const fail = (operatorName: string, extra: Doc = {}) =>
    out.push({ operatorName, specifiedAs: { [operatorName]: schema[operatorName] }, ...extra });
  const considered = { consideredValue: value, consideredType: bsonTypeOf(value) };
  if (schema.bsonType !== undefined && !typeMatches(value, schema.bsonType, false)) {
    fail('bsonType', { reason: 'type did not match', ...considered });
  }
  if (schema.type !== undefined && !typeMatches(value, schema.type, true)) {
    fail('type', { reason: 'type did not match', ...considered });
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => keyString(e) === keyString(value))) {
    fail('enum', { reason: 'value was not found in enum', consideredValue: value });
  }
  if (isNum(value)) {
    const n = value as number;
    if (
      isNum(schema.minimum) &&
      (schema.exclusiveMinimum ? n <= (schema.minimum as number) : n < (schema.minimum as number))
    ) {
      fail('minimum', { reason: 'comparison failed', consideredValue: value });
    }
    if (
      isNum(schema.maximum) &&
      (schema.exclusiveMaximum ? n >= (schema.maximum as number) : n > (schema.maximum as number))
    ) {
      fail('maximum', { reason: 'comparison failed', consideredValue: value });
    }
    if (isNum(schema.multipleOf) && n % (schema.multipleOf as number) !== 0) {
      fail('multipleOf', {
        reason: 'considered value is not a multiple of the specified value',
        consideredValue: value,
      });
    }
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (isNum(schema.minLength) && len < (schema.minLength as number))
      fail('minLength', {
        reason: 'specified string length was not satisfied',
        consideredValue: value,
      });
    if (isNum(schema.maxLength) && len > (schema.maxLength as number))
      fail('maxLength', {
        reason: 'specified string length was not satisfied',
        consideredValue: value,
      });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      fail('pattern', { reason: 'regular expression did not match', consideredValue: value });
    }
  }
  if (Array.isArray(value)) {
    if (isNum(schema.minItems) && value.length < (schema.minItems as number))
      fail('minItems', { reason: 'array did not match specified length', consideredValue: value });
    if (isNum(schema.maxItems) && value.length > (schema.maxItems as number))
      fail('maxItems', { reason: 'array did not match specified length', consideredValue: value });
    if (schema.uniqueItems === true && new Set(value.map(keyString)).size !== value.length) {
      fail('uniqueItems', { reason: 'found a duplicate item', consideredValue: value });
    }
    if (isPlainObject(schema.items)) {
      const items = schema.items;
      const bad = value
        .map((e, i) => ({ itemIndex: i, details: schemaFailures(items, e) }))
        .filter((x) => x.details.length);
      if (bad.length)
        out.push({
          operatorName: 'items',
          reason: 'At least one item did not match the sub-schema',
          itemIndex: bad[0].itemIndex,
          details: bad[0].details,
        });
    }
  }
  if (isPlainObject(value)) objectFailures(schema, value, out, fail);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const subs = schema[k];
    if (!Array.isArray(subs)) continue;
    const passed = subs.filter((sub) => schemaFailures(sub as Doc, value).length === 0).length;
    const ok = k === 'allOf' ? passed === subs.length : k === 'anyOf' ? passed > 0 : passed === 1;
    if (!ok)
      fail(k, {
        reason: `${k === 'allOf' ? 'at least one' : 'no or more than one'} clause did not match`,
      });
  }
  if (isPlainObject(schema.not) && schemaFailures(schema.not, value).length === 0) {
    fail('not', { reason: 'child expression matched' });
  }
  return out;
}

function objectFailures(
  schema: Doc,
  value: Doc,
  out: Doc[],
  fail: (op: string, extra?: Doc) => void,
): void {
  if (Array.isArray(schema.required)) {
    const missing = schema.required.filter((f) => value[String(f)] === undefined);
    if (missing.length) fail('required', { missingProperties: missing });
  }
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  const notSatisfied: Doc[] = [];
  for (const [name, sub] of Object.entries(props)) {
    if (value[name] === undefined || !isPlainObject(sub)) continue;
    const details = schemaFailures(sub, value[name]);
    if (details.length) notSatisfied.push({ propertyName: name, details });
  }
  if (notSatisfied.length)
    out.push({ operatorName: 'properties', propertiesNotSatisfied: notSatisfied });
  const keys = Object.keys(value);
  if (isNum(schema.minProperties) && keys.length < (schema.minProperties as number))
    fail('minProperties', { reason: 'specified number of properties was not satisfied' });
  if (isNum(schema.maxProperties) && keys.length > (schema.maxProperties as number))
    fail('maxProperties', { reason: 'specified number of properties was not satisfied' });
  const extra = schema.additionalProperties;
  if (extra === false || isPlainObject(extra)) {
    const patterns = Object.keys(
      isPlainObject(schema.patternProperties) ? schema.patternProperties : {},
    ).map((p) => new RegExp(p, 'u'));
    const additional = keys.filter((k) => !(k in props) && !patterns.some((r) => r.test(k)));
    if (extra === false && additional.length) {
      fail('additionalProperties', {
        reason: 'found additional properties',
        additionalProperties: additional,
      });
    } else if (isPlainObject(extra)) {
      for (const k of additional) {
        const details = schemaFailures(extra, value[k]);
        if (details.length)
          out.push({
            operatorName: 'additionalProperties',
            reason: 'at least one additional property did not match the subschema',
            failingProperty: k,
            details,
          });
      }
    }
  }
}
