import { type Doc, isPlainObject, keyString } from './compare';
import { compareKeys, Index, type IndexSpec } from './index-def';
import { MongoCommandError } from './errors';
import { assertSupportedValues } from './matcher';

export type { Doc } from './compare';

// DBRef fields are the only $-prefixed names MongoDB stores inside _id
const DBREF_KEYS = new Set(['$ref', '$id', '$db']);

function assertNoDollarKeys(v: Doc, depth = 0): void {
  for (const [k, sub] of Object.entries(v)) {
    if (k.startsWith('$') && !DBREF_KEYS.has(k)) {
      throw new MongoCommandError(
        52,
        `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`,
      );
    }
    if (isPlainObject(sub) && depth < 100) assertNoDollarKeys(sub, depth + 1);
  }
}

const ID_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

function sameKeys(a: unknown[][] | null, b: unknown[][] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((k, i) => compareKeys(k, b[i]) === 0);
}

/** A collection: documents by `_id` plus the indexes kept in step with every write. */
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, Index>();

  constructor(
    readonly db: string,
    public name: string,
    readonly options: Doc = {},
  ) {
    this.indexes.set('_id_', new Index(ID_SPEC));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get(id: string): Doc | undefined {
    return this.docs.get(id);
  }

  private checkStorable(doc: Doc): void {
    if (Array.isArray(doc._id)) {
      throw new MongoCommandError(53, `The '_id' value cannot be of type array`);
    }
    if (doc._id instanceof RegExp) {
      throw new MongoCommandError(2, `can't use a regex for _id`);
    }
    if (isPlainObject(doc._id)) assertNoDollarKeys(doc._id);
    assertSupportedValues(doc);
  }

  private keysForAll(doc: Doc): Map<Index, unknown[][] | null> {
    const out = new Map<Index, unknown[][] | null>();
    for (const ix of this.indexes.values()) out.set(ix, ix.keysFor(doc));
    return out;
  }

  private checkConflicts(keys: Map<Index, unknown[][] | null>, id: string): void {
    for (const [ix, k] of keys) {
      if (ix.name === '_id_') continue; // the docs map already guarantees _id uniqueness
      const dup = ix.findConflict(k, id);
      if (dup) throw ix.duplicateError(this.ns, dup);
    }
  }

  /** Inserts a document that already carries its `_id`; throws E11000 on a unique clash. */
  insert(doc: Doc): void {
    this.checkStorable(doc);
    const id = keyString(doc._id);
    if (this.docs.has(id)) {
      const ix = this.indexes.get('_id_')!;
      throw ix.duplicateError(this.ns, [doc._id]);
    }
    const keys = this.keysForAll(doc);
    this.checkConflicts(keys, id);
    this.docs.set(id, doc);
    for (const [ix, k] of keys) ix.add(k, id);
  }

  /**
   * Loads documents known to be valid and mutually consistent (a snapshot written by this
   * engine), then rebuilds every index with one sort instead of one insert per document.
   */
  bulkLoad(docs: Doc[]): void {
    for (const doc of docs) this.docs.set(keyString(doc._id), doc);
    for (const ix of this.indexes.values()) ix.rebuild(this.docs);
  }

  /** Replaces the stored document with the same `_id` (which must not change). */
  replace(id: string, next: Doc): void {
    const prev = this.docs.get(id);
    if (!prev) throw new MongoCommandError(1, 'document vanished during update');
    this.checkStorable(next);
    const nextKeys = this.keysForAll(next);
    this.checkConflicts(nextKeys, id);
    for (const [ix, k] of nextKeys) {
      if (ix.name === '_id_') continue; // _id never changes on replace
      const old = ix.keysFor(prev);
      if (sameKeys(old, k)) continue;
      ix.remove(old, id);
      ix.add(k, id);
    }
    this.docs.set(id, next);
  }

  remove(id: string): Doc | undefined {
    const prev = this.docs.get(id);
    if (!prev) return undefined;
    for (const ix of this.indexes.values()) ix.remove(ix.keysFor(prev), id);
    this.docs.delete(id);
    return prev;
  }

  /** Builds an index over the existing documents; fails without side effects on duplicates. */
  createIndex(spec: IndexSpec): void {
    const ix = new Index(spec);
    const all: [unknown[][] | null, string][] = [];
    for (const [id, doc] of this.docs) all.push([ix.keysFor(doc), id]);
    if (ix.unique) {
      const flat: { key: unknown[]; id: string }[] = [];
      for (const [keys, id] of all) if (keys) for (const key of keys) flat.push({ key, id });
      flat.sort((a, b) => compareKeys(a.key, b.key));
      for (let i = 1; i < flat.length; i++) {
        if (flat[i].id !== flat[i - 1].id && compareKeys(flat[i].key, flat[i - 1].key) === 0) {
          throw ix.duplicateError(this.ns, flat[i].key);
        }
      }
    }
    for (const [keys, id] of all) ix.add(keys, id);
    this.indexes.set(spec.name, ix);
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
  }

  clear(): void {
    this.docs.clear();
    for (const ix of this.indexes.values()) ix.entries.clear();
  }
}
