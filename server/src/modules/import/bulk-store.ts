import type { Collection, Document, MongoBulkWriteError } from 'mongodb';
import type { Model } from 'mongoose';
import type { Container } from '../../container';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { GrowthEntryDoc } from '../growth/growth.model';

/**
 * The bulk writes the import needs and the services don't offer (yet): raw driver inserts
 * with the schemas' own defaults, so a million rows skip mongoose's per-document casting.
 * Everything that touches another module's collections goes through here, so moving these
 * into bulk methods on MembersService / GrowthService later is a one-file change.
 */
export class BulkStore {
  readonly Member;
  readonly Identity;
  readonly Counter;
  readonly Order;
  readonly TierChange;
  readonly GrowthEntry: Model<GrowthEntryDoc>;

  constructor(c: Container) {
    const s = c.services;
    this.Member = s.members.m.Member;
    this.Identity = s.members.m.Identity;
    this.Counter = s.members.m.Counter;
    this.Order = s.orders.m.Order;
    this.TierChange = s.tiers.m.TierChange;
    // GrowthService keeps its model private; the connection's registry holds the same model.
    this.GrowthEntry = c.conn.model<GrowthEntryDoc>('GrowthEntry');
  }

  /** Reserves `n` consecutive member numbers in the MembersService format with one $inc. */
  async reserveMemberNos(n: number): Promise<string[]> {
    if (n === 0) return [];
    const c = await this.Counter.findOneAndUpdate(
      { _id: 'memberNo' },
      { $inc: { seq: n } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    const last = c?.seq ?? n;
    return Array.from({ length: n }, (_, i) => `M${String(10_000_000 + last - n + 1 + i)}`);
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
