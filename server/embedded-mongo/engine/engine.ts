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

/**
 * The mutations of one command and how to take them back. A command's writes are applied to
 * memory at once (so it stays atomic); if its journal write then fails, `rollback` restores
 * the state from before it, newest change first.
 */
export interface Change {
  ops: Op[];
  rollback(): void;
}

/** Puts `value` back under `key` at position `at`, keeping the map's (listing) order. */
function restoreAt<K, V>(map: Map<K, V>, key: K, value: V, at: number): void {
  const entries = [...map];
  entries.splice(at, 0, [key, value]);
  map.clear();
  for (const [k, v] of entries) map.set(k, v);
}

const positionOf = <K, V>(map: Map<K, V>, key: K) => [...map.keys()].indexOf(key);

/** All databases and collections, plus the log of mutations made by the running command. */
export class Engine {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private log: Op[] = [];
  private undo: (() => void)[] = [];
  private replaying = false;

  private record(op: Op, undo: () => void): void {
    if (this.replaying) return;
    this.log.push(op);
    this.undo.push(undo);
  }

  /** Mutations since the last call; the caller makes them durable before replying. */
  takeChange(): Change {
    const ops = this.log;
    const undo = this.undo;
    this.log = [];
    this.undo = [];
    return {
      ops,
      rollback: () => {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      },
    };
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
    const newDb = !colls;
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const coll = new Collection(db, name, options);
    colls.set(name, coll);
    const target = colls;
    this.record({ op: 'createCollection', db, coll: name, options }, () => {
      target.delete(name);
      if (newDb) this.dbs.delete(db);
    });
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return false;
    const at = positionOf(colls, name);
    const dbAt = positionOf(this.dbs, db);
    colls.delete(name);
    const droppedDb = colls.size === 0;
    if (droppedDb) this.dbs.delete(db);
    this.record({ op: 'dropCollection', db, coll: name }, () => {
      if (droppedDb) restoreAt(this.dbs, db, colls, dbAt);
      restoreAt(colls, name, coll, at);
    });
    return true;
  }

  dropDatabase(db: string): void {
    const colls = this.dbs.get(db);
    if (!colls) return;
    const at = positionOf(this.dbs, db);
    this.dbs.delete(db);
    this.record({ op: 'dropDatabase', db }, () => restoreAt(this.dbs, db, colls, at));
  }

  renameCollection(db: string, name: string, toDb: string, to: string): void {
    const coll = this.collection(db, name);
    if (!coll) throw new MongoCommandError(26, 'source namespace does not exist');
    validateCollectionName(to);
    const source = this.dbs.get(db)!;
    const at = positionOf(source, name);
    const moved = new Collection(toDb, to, coll.options);
    for (const ix of coll.indexes.values()) if (ix.name !== '_id_') moved.createIndex(ix.spec);
    for (const d of coll.docs.values()) moved.insert(d);
    source.delete(name);
    const newDb = !this.dbs.has(toDb);
    if (newDb) this.dbs.set(toDb, new Map());
    const target = this.dbs.get(toDb)!;
    target.set(to, moved);
    this.record({ op: 'renameCollection', db, coll: name, toDb, to }, () => {
      target.delete(to);
      if (newDb) this.dbs.delete(toDb);
      restoreAt(source, name, coll, at);
    });
  }

  createIndex(coll: Collection, spec: IndexSpec): void {
    coll.createIndex(spec);
    this.record({ op: 'createIndex', db: coll.db, coll: coll.name, spec }, () =>
      coll.dropIndex(spec.name),
    );
  }

  dropIndex(coll: Collection, name: string): void {
    const ix = coll.indexes.get(name);
    const at = positionOf(coll.indexes, name);
    coll.dropIndex(name);
    this.record({ op: 'dropIndex', db: coll.db, coll: coll.name, name }, () => {
      // the writes after the drop were undone first, so the detached index is current again
      if (ix) restoreAt(coll.indexes, name, ix, at);
    });
  }

  /** Sets collection options (validator, view pipeline...) and index options, as collMod does. */
  collMod(coll: Collection, options: Doc, index?: IndexChange): void {
    const before = Object.keys(options).map(
      (k) => [k, Object.hasOwn(coll.options, k), coll.options[k]] as const,
    );
    Object.assign(coll.options, options);
    const ix = index && coll.indexes.get(index.name);
    const spec = ix ? { ...ix.spec } : undefined;
    if (ix && index) {
      if (index.hidden !== undefined) {
        if (index.hidden) ix.spec.hidden = true;
        else delete ix.spec.hidden;
      }
      if (index.expireAfterSeconds !== undefined)
        ix.spec.expireAfterSeconds = index.expireAfterSeconds;
    }
    this.record({ op: 'collMod', db: coll.db, coll: coll.name, options, index }, () => {
      for (const [k, had, v] of before) {
        if (had) coll.options[k] = v;
        else delete coll.options[k];
      }
      if (ix && spec) {
        for (const k of Object.keys(ix.spec)) delete ix.spec[k];
        Object.assign(ix.spec, spec);
      }
    });
  }

  insert(coll: Collection, doc: Doc): void {
    coll.insert(doc);
    this.record({ op: 'insert', db: coll.db, coll: coll.name, doc }, () =>
      coll.remove(keyString(doc._id)),
    );
  }

  replace(coll: Collection, doc: Doc): void {
    const id = keyString(doc._id);
    const prev = coll.get(id);
    coll.replace(id, doc);
    this.record({ op: 'replace', db: coll.db, coll: coll.name, doc }, () => {
      if (prev) coll.replace(id, prev);
    });
  }

  remove(coll: Collection, doc: Doc): void {
    const prev = coll.remove(keyString(doc._id));
    if (prev) {
      this.record({ op: 'delete', db: coll.db, coll: coll.name, id: doc._id }, () =>
        coll.insert(prev),
      );
    }
  }

  /** Loads a snapshot's documents into an empty collection (see Collection.bulkLoad). */
  bulkLoad(db: string, name: string, docs: Doc[]): void {
    this.replaying = true;
    try {
      this.ensureCollection(db, name).bulkLoad(docs);
    } finally {
      this.replaying = false;
    }
  }

  /** Re-applies a logged mutation during recovery. Idempotent per document. */
  apply(op: Op): void {
    this.replaying = true;
    try {
      this.applyOp(op);
    } finally {
      this.replaying = false;
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
