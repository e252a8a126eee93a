import type {
  AnyBulkWriteOperation,
  BulkWriteResult,
  Collection,
  Document,
  MongoBulkWriteError,
} from 'mongodb';
import type { Model, PipelineStage, ProjectionType, QueryFilter } from 'mongoose';
import { isDuplicateKey } from './mongo-errors';

/**
 * What a module lends the bulk import (and the demo seed) over one of its collections: look-ups,
 * aggregates, inserts that treat duplicates as already there, and bulk writes, with documents
 * made exactly as its model would. The model itself stays private to the module; a million-row
 * import can't afford mongoose's per-document casting, so these go to the driver.
 */
export class BulkCollection<T extends Document> {
  readonly make: (fields: Partial<T>) => T;

  constructor(private readonly model: Model<T>) {
    this.make = docFactory<T>(model as unknown as Model<never>);
  }

  find(filter: QueryFilter<T>, projection?: ProjectionType<T>) {
    return this.model.find(filter, projection);
  }

  aggregate<R>(pipeline: PipelineStage[]): Promise<R[]> {
    return this.model.aggregate<R>(pipeline).exec();
  }

  /** Indexes of the documents refused as duplicates; anything else is rethrown. */
  insertNew(docs: T[]): Promise<Set<number>> {
    return insertIgnoringDuplicates(this.model.collection as unknown as Collection<T>, docs);
  }

  /** Unordered: one failed operation doesn't stop the rest (callers check the counts). */
  bulkWrite(ops: AnyBulkWriteOperation<Document>[]): Promise<BulkWriteResult> {
    return (this.model.collection as unknown as Collection<Document>).bulkWrite(ops, {
      ordered: false,
    });
  }
}

/**
 * A factory for documents exactly as the model would write them (schema defaults, version
 * key), computed once: applying defaults per document costs ~15 µs, filling the few missing
 * keys in place well under 1 µs. Completes (and returns) the object it is given.
 */
export function docFactory<T extends Document>(model: Model<never>) {
  const template = model.applyDefaults({}) as Record<string, unknown>;
  delete template._id;
  const versionKey = model.schema.get('versionKey');
  if (typeof versionKey === 'string') template[versionKey] = 0;
  const keys = Object.keys(template);
  return (fields: Partial<T>): T => {
    const doc = fields as Record<string, unknown>;
    for (const k of keys) {
      if (doc[k] !== undefined) continue;
      const v = template[k];
      doc[k] = Array.isArray(v) ? [] : v;
    }
    return doc as T;
  };
}

const INSERT_CHUNK = 1000;

/**
 * insertMany(ordered: false) that treats duplicate keys as "already there": returns the
 * indexes of the documents refused as duplicates and rethrows anything else. Sent as a few
 * concurrent chunks so the client encodes one while the server stores the previous one.
 */
export async function insertIgnoringDuplicates<T extends Document>(
  coll: Collection<T>,
  docs: T[],
): Promise<Set<number>> {
  const dup = new Set<number>();
  const offsets = Array.from({ length: Math.ceil(docs.length / INSERT_CHUNK) }, (_, i) => i);
  await inChunks(
    offsets,
    async ([i]) => {
      const from = i! * INSERT_CHUNK;
      for (const at of await insertChunk(coll, docs.slice(from, from + INSERT_CHUNK))) {
        dup.add(from + at);
      }
      return [];
    },
    1,
    3,
  );
  return dup;
}

async function insertChunk<T extends Document>(coll: Collection<T>, docs: T[]): Promise<number[]> {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the driver's OptionalUnlessRequiredId<T> can't be satisfied generically
    await coll.insertMany(docs as any, { ordered: false });
    return [];
  } catch (err) {
    const bulk = err as MongoBulkWriteError;
    const errors = bulk.writeErrors
      ? Array.isArray(bulk.writeErrors)
        ? bulk.writeErrors
        : [bulk.writeErrors]
      : null;
    if (!errors || !isDuplicateKey(err)) throw err;
    return errors.map((e) => {
      if (e.code !== 11000) throw err;
      return e.index;
    });
  }
}

/**
 * Runs `fn` over `values` in chunks, a few at a time. The embedded engine checks `$in` by
 * scanning the whole list for every candidate document (quadratic), so big `$in` lists are
 * split; on a real MongoDB this only costs a few extra round trips.
 */
export async function inChunks<V, R>(
  values: V[],
  fn: (chunk: V[]) => Promise<R[]>,
  size = 64,
  parallel = 4,
): Promise<R[]> {
  const chunks: V[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  const out: R[][] = new Array(chunks.length);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const i = next++;
      out[i] = await fn(chunks[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
  return out.flat();
}

/** ObjectId lists cost the engine's `$in` far more per element than strings. */
export const ID_CHUNK = 32;
