import { type Collation, foldValue, parseCollation } from './collation';
import { compareValues, type Doc, isPlainObject } from './compare';
import { MongoCommandError } from './errors';
import { formatDoc } from './format';
import { compileFilter, type Matcher } from './matcher';
import { pathValues } from './paths';
import { SortedList } from './sorted-list';

export interface IndexSpec {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

export interface IndexEntry {
  key: unknown[];
  id: string;
}

export function compareKeys(a: unknown[], b: unknown[], n = a.length): number {
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareEntries(a: IndexEntry, b: IndexEntry): number {
  const c = compareKeys(a.key, b.key);
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${v}`)
    .join('_');
}

/** One secondary (or the `_id`) index: a sorted list of (key tuple, document id) entries. */
export class Index {
  readonly fields: string[];
  readonly entries = new SortedList<IndexEntry>(compareEntries);
  readonly partial?: Matcher;
  multikey = false;
  /** Keys of a collated index hold folded strings (so a unique index is case-insensitive). */
  readonly collation?: Collation;

  /** Set for a one-field index on a top-level path: the common case gets a fast key. */
  private readonly simpleField?: string;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 1 && !this.fields[0].includes('.'))
      this.simpleField = this.fields[0];
    for (const [field, dir] of Object.entries(spec.key)) {
      if (dir !== 1 && dir !== -1) {
        throw new MongoCommandError(
          67,
          `Index type '${String(dir)}' on field '${field}' is not supported by this server`,
        );
      }
    }
    this.collation = parseCollation(spec.collation);
    if (spec.partialFilterExpression !== undefined) {
      if (!isPlainObject(spec.partialFilterExpression)) {
        throw new MongoCommandError(2, 'partialFilterExpression must be an object');
      }
      this.partial = compileFilter(spec.partialFilterExpression);
    }
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true || this.name === '_id_';
  }

  /** Whether an index scan sees every document (so it can answer any query on its fields). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /** The key tuples of a document, or null when a sparse/partial index leaves it out. */
  keysFor(doc: Doc): unknown[][] | null {
    const keys = this.rawKeys(doc);
    if (!keys || !this.collation) return keys;
    const c = this.collation;
    return keys.map((k) => k.map((v) => foldValue(v, c)));
  }

  private rawKeys(doc: Doc): unknown[][] | null {
    if (this.partial && !this.partial(doc)) return null;
    if (this.simpleField !== undefined) {
      const v = doc[this.simpleField];
      if (v !== undefined && !Array.isArray(v)) return [[v]];
      if (v === undefined && !this.spec.sparse) return [[null]];
    }
    const perField: unknown[][] = [];
    const arrayFields: string[] = [];
    let present = false;
    for (const f of this.fields) {
      const { values, viaArray } = pathValues(doc, f);
      if (viaArray) arrayFields.push(f);
      if (values.length > 1 || values[0] !== undefined) present = true;
      perField.push(values.map((v) => (v === undefined ? null : v)));
    }
    if (this.spec.sparse && !present) return null;
    if (arrayFields.length > 1) {
      throw new MongoCommandError(
        171,
        `cannot index parallel arrays [${arrayFields[1]}] [${arrayFields[0]}]`,
      );
    }
    if (arrayFields.length === 1) this.multikey = true;
    let keys: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const k of keys) for (const v of values) next.push([...k, v]);
      keys = next;
    }
    if (keys.length > 1) {
      // one entry per distinct key, as an element repeated in an array is indexed once
      keys.sort((a, b) => compareKeys(a, b));
      keys = keys.filter((k, i) => i === 0 || compareKeys(k, keys[i - 1]) !== 0);
    }
    return keys;
  }

  /** Rebuilds the index from scratch over (doc, id) pairs with one sort. */
  rebuild(docs: Iterable<[string, Doc]>): void {
    const all: IndexEntry[] = [];
    for (const [id, doc] of docs) {
      const keys = this.keysFor(doc);
      if (keys) for (const key of keys) all.push({ key, id });
    }
    all.sort(compareEntries);
    this.entries.loadSorted(all);
  }

  add(keys: unknown[][] | null, id: string): void {
    if (keys) for (const key of keys) this.entries.insert({ key, id });
  }

  remove(keys: unknown[][] | null, id: string): void {
    if (keys) for (const key of keys) this.entries.delete({ key, id });
  }

  /** A key of `keys` another document already holds, if this index is unique. */
  findConflict(keys: unknown[][] | null, id: string): unknown[] | undefined {
    if (!keys || !this.unique) return undefined;
    for (const key of keys) {
      // entries sort by (key, id): look at the first holder of this key, and past our own entry
      let e = this.entries.ceiling({ key, id: '' });
      if (e && e.id === id && compareKeys(e.key, key) === 0) {
        e = this.entries.ceiling({ key, id: `${id}\u0000` });
      }
      if (e && e.id !== id && compareKeys(e.key, key) === 0) return key;
    }
    return undefined;
  }

  duplicateError(ns: string, key: unknown[]): MongoCommandError {
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => {
      keyValue[f] = key[i];
    });
    return new MongoCommandError(
      11000,
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: ${formatDoc(keyValue)}`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }
}
