import { Collection } from './collection';
import { type Doc, keyString } from './compare';
import { MongoCommandError } from './errors';
import type { IndexSpec } from './index-def';

/**
 * One logged mutation. The journal stores these; replay feeds them back through `apply`.
 * Documents are referenced, not copied: stored documents are never mutated in place.
 */
export type Op =
  | { op: 'createCollection'; db: string; coll: string; options: Doc }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'renameCollection'; db: string; coll: string; toDb: string; to: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'insert'; db: string; coll: string; doc: Doc }
  | { op: 'replace'; db: string; coll: string; doc: Doc }
  | { op: 'delete'; db: string; coll: string; id: unknown }
  | { op: 'collMod'; db: string; coll: string; options: Doc; index?: IndexChange };

/** A `collMod` change to one index: which index, and its new option values. */
export interface IndexChange {
  name: string;
  hidden?: boolean;
  expireAfterSeconds?: number;
}

/** All databases and collections, plus the log of mutations made by the running command. */
export class Engine {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private log: Op[] = [];
  private replaying = false;

  private record(op: Op): void {
    if (!this.replaying) this.log.push(op);
  }

  /** Mutations since the last call; the caller makes them durable before replying. */
  takeOps(): Op[] {
    const ops = this.log;
    this.log = [];
    return ops;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The named collection, created implicitly (as MongoDB does on first write) if missing. */
  ensureCollection(db: string, name: string, options: Doc = {}): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    validateCollectionName(name);
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const coll = new Collection(db, name, options);
    colls.set(name, coll);
    this.record({ op: 'createCollection', db, coll: name, options });
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.has(name)) return false;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    this.record({ op: 'dropCollection', db, coll: name });
    return true;
  }

  dropDatabase(db: string): void {
    if (!this.dbs.delete(db)) return;
    this.record({ op: 'dropDatabase', db });
  }

  renameCollection(db: string, name: string, toDb: string, to: string): void {
    const coll = this.collection(db, name);
    if (!coll) throw new MongoCommandError(26, 'source namespace does not exist');
    validateCollectionName(to);
    this.dbs.get(db)!.delete(name);
    const moved = new Collection(toDb, to, coll.options);
    for (const ix of coll.indexes.values()) if (ix.name !== '_id_') moved.createIndex(ix.spec);
    for (const d of coll.docs.values()) moved.insert(d);
    if (!this.dbs.has(toDb)) this.dbs.set(toDb, new Map());
    this.dbs.get(toDb)!.set(to, moved);
    this.record({ op: 'renameCollection', db, coll: name, toDb, to });
  }

  createIndex(coll: Collection, spec: IndexSpec): void {
    coll.createIndex(spec);
    this.record({ op: 'createIndex', db: coll.db, coll: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string): void {
    coll.dropIndex(name);
    this.record({ op: 'dropIndex', db: coll.db, coll: coll.name, name });
  }

  /** Sets collection options (validator, view pipeline...) and index options, as collMod does. */
  collMod(coll: Collection, options: Doc, index?: IndexChange): void {
    Object.assign(coll.options, options);
    const ix = index && coll.indexes.get(index.name);
    if (ix && index) {
      if (index.hidden !== undefined) {
        if (index.hidden) ix.spec.hidden = true;
        else delete ix.spec.hidden;
      }
      if (index.expireAfterSeconds !== undefined)
        ix.spec.expireAfterSeconds = index.expireAfterSeconds;
    }
    this.record({ op: 'collMod', db: coll.db, coll: coll.name, options, index });
  }

  insert(coll: Collection, doc: Doc): void {
    coll.insert(doc);
    this.record({ op: 'insert', db: coll.db, coll: coll.name, doc });
  }

  replace(coll: Collection, doc: Doc): void {
    coll.replace(keyString(doc._id), doc);
    this.record({ op: 'replace', db: coll.db, coll: coll.name, doc });
  }

  remove(coll: Collection, doc: Doc): void {
    if (coll.remove(keyString(doc._id))) {
      this.record({ op: 'delete', db: coll.db, coll: coll.name, id: doc._id });
    }
  }

  /** Loads a snapshot's documents into an empty collection (see Collection.bulkLoad). */
  bulkLoad(db: string, name: string, docs: Doc[]): void {
    this.replaying = true;
    try {
      this.ensureCollection(db, name).bulkLoad(docs);
    } finally {
      this.replaying = false;
      this.log = [];
    }
  }

  /** Re-applies a logged mutation during recovery. Idempotent per document. */
  apply(op: Op): void {
    this.replaying = true;
    try {
      this.applyOp(op);
    } finally {
      this.replaying = false;
      this.log = [];
    }
  }

  private applyOp(op: Op): void {
    switch (op.op) {
      case 'createCollection':
        this.ensureCollection(op.db, op.coll, op.options);
        break;
      case 'dropCollection':
        this.dropCollection(op.db, op.coll);
        break;
      case 'dropDatabase':
        this.dropDatabase(op.db);
        break;
      case 'renameCollection':
        this.renameCollection(op.db, op.coll, op.toDb, op.to);
        break;
      case 'createIndex': {
        const coll = this.ensureCollection(op.db, op.coll);
        if (!coll.indexes.has(op.spec.name)) coll.createIndex(op.spec);
        break;
      }
      case 'dropIndex':
        this.collection(op.db, op.coll)?.dropIndex(op.name);
        break;
      case 'insert':
      case 'replace': {
        const coll = this.ensureCollection(op.db, op.coll);
        const id = keyString(op.doc._id);
        if (coll.get(id)) coll.replace(id, op.doc);
        else coll.insert(op.doc);
        break;
      }
      case 'delete':
        this.collection(op.db, op.coll)?.remove(keyString(op.id));
        break;
      case 'collMod': {
        const coll = this.collection(op.db, op.coll);
        if (coll) this.collMod(coll, op.options, op.index);
        break;
      }
    }
  }
}

export function validateCollectionName(name: string): void {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoCommandError(73, `Invalid collection name: ${name}`);
  }
}
