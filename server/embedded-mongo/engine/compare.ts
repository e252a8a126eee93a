import { type Binary, Decimal128, Long, type ObjectId, type Timestamp } from 'bson';

/** A decoded BSON document as the engine keeps it in memory. */
export type Doc = Record<string, unknown>;

// MongoDB's canonical BSON type order, used for sorting and index keys.
const ORDER_MINKEY = 1;
const ORDER_NULL = 2;
const ORDER_NUMBER = 3;
const ORDER_STRING = 4;
const ORDER_OBJECT = 5;
const ORDER_ARRAY = 6;
const ORDER_BINARY = 7;
const ORDER_OBJECTID = 8;
const ORDER_BOOL = 9;
const ORDER_DATE = 10;
const ORDER_TIMESTAMP = 11;
const ORDER_REGEX = 12;
const ORDER_MAXKEY = 13;

function bsontype(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

export function typeOrder(v: unknown): number {
  if (v === null || v === undefined) return ORDER_NULL;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return ORDER_NUMBER;
    case 'string':
      return ORDER_STRING;
    case 'boolean':
      return ORDER_BOOL;
    case 'object':
      break;
    default:
      return ORDER_OBJECT;
  }
  if (Array.isArray(v)) return ORDER_ARRAY;
  if (v instanceof Date) return ORDER_DATE;
  if (v instanceof RegExp) return ORDER_REGEX;
  switch (bsontype(v)) {
    case 'ObjectId':
      return ORDER_OBJECTID;
    case 'Binary':
      return ORDER_BINARY;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return ORDER_NUMBER;
    case 'Timestamp':
      return ORDER_TIMESTAMP;
    case 'MinKey':
      return ORDER_MINKEY;
    case 'MaxKey':
      return ORDER_MAXKEY;
    case 'BSONSymbol':
      return ORDER_STRING;
    case 'BSONRegExp':
      return ORDER_REGEX;
    default:
      return ORDER_OBJECT;
  }
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return Number((v as { valueOf(): unknown }).valueOf());
}

function cmpNum(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// bson 7 keeps an ObjectId as four 24-bit ints; comparing them avoids allocating byte buffers.
type OidInts = { i0: number; i1: number; i2: number; i3: number };

function oidInts(v: unknown): OidInts | undefined {
  return typeof (v as OidInts).i0 === 'number' ? (v as OidInts) : undefined;
}

function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = oidInts(a);
  const y = oidInts(b);
  if (x && y) return x.i0 - y.i0 || x.i1 - y.i1 || x.i2 - y.i2 || x.i3 - y.i3;
  return cmpBytes(a.id, b.id);
}

/** Compares two BSON values the way MongoDB orders them (no collation). */
export function compareValues(a: unknown, b: unknown): number {
  // fast paths for the common same-type primitives
  const tya = typeof a;
  if (tya === typeof b) {
    if (tya === 'string') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    if (tya === 'number') return cmpNum(a as number, b as number);
  }
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (ta !== tb) return ta - tb;
  switch (ta) {
    case ORDER_NULL:
    case ORDER_MINKEY:
    case ORDER_MAXKEY:
      return 0;
    case ORDER_NUMBER:
      return typeof a === 'number' && typeof b === 'number'
        ? cmpNum(a, b)
        : cmpNum(toNumber(a), toNumber(b));
    case ORDER_STRING:
      return cmpStr(String(a), String(b));
    case ORDER_BOOL:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case ORDER_DATE:
      return cmpNum((a as Date).getTime(), (b as Date).getTime());
    case ORDER_OBJECTID:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case ORDER_BINARY: {
      const x = a as Binary;
      const y = b as Binary;
      return x.position - y.position || x.sub_type - y.sub_type || cmpBytes(x.buffer, y.buffer);
    }
    case ORDER_TIMESTAMP:
      return (a as Timestamp).compare(b as Timestamp);
    case ORDER_REGEX:
      return cmpStr(String(a), String(b));
    case ORDER_ARRAY: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      return compareObjects(a as Doc, b as Doc);
  }
}

function compareObjects(a: Doc, b: Doc): number {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const t = typeOrder(a[ka[i]]) - typeOrder(b[kb[i]]);
    if (t !== 0) return t;
    const k = cmpStr(ka[i], kb[i]);
    if (k !== 0) return k;
    const v = compareValues(a[ka[i]], b[kb[i]]);
    if (v !== 0) return v;
  }
  return ka.length - kb.length;
}

/**
 * A canonical string per equality class: values MongoDB treats as equal (1 and 1.0, null and
 * missing) map to the same string. Used for `_id` lookups, distinct and grouping.
 */
export function keyString(v: unknown): string {
  if (v === null || v === undefined) return 'N';
  switch (typeof v) {
    case 'number':
      return `n${v === 0 ? 0 : v}`;
    case 'string':
      return `s${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return `n${Number(v)}`;
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(keyString(x))).join(',')}]`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof RegExp) return `r${v.source}/${v.flags}`;
  const obj = v as Doc;
  switch (bsontype(obj)) {
    case 'ObjectId': {
      const i = oidInts(obj);
      return i
        ? `o${i.i0},${i.i1},${i.i2},${i.i3}`
        : `o${(obj as unknown as ObjectId).toHexString()}`;
    }
    case 'Long':
    case 'Int32':
    case 'Double':
      return `n${toNumber(obj)}`;
    case 'Binary': {
      const b = obj as unknown as Binary;
      return `x${b.sub_type}:${Buffer.from(b.buffer.subarray(0, b.position)).toString('base64')}`;
    }
    case 'Timestamp':
      return `t${(obj as unknown as Timestamp).toString()}`;
    case 'MinKey':
      return 'm';
    case 'MaxKey':
      return 'M';
    default:
      break;
  }
  const parts: string[] = [];
  for (const k of Object.keys(obj)) {
    if (obj[k] !== undefined)
      parts.push(`${JSON.stringify(k)}:${JSON.stringify(keyString(obj[k]))}`);
  }
  return `{${parts.join(',')}}`;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Deep copy that keeps BSON value classes (ObjectId, Binary…) intact; they are immutable here. */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = cloneValue((v as Doc)[k]);
  return out as T;
}
