import { BSON, Long } from 'bson';
import type { Doc } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { MAX_BSON_OBJECT_SIZE } from '../wire/protocol';

interface CursorState {
  ns: string;
  docs: Doc[];
  pos: number;
  lastUsed: number;
}

/** MongoDB's default idle cursor timeout. */
const CURSOR_TIMEOUT_MS = 10 * 60 * 1000;
// leave room for the reply envelope around a batch
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

/** Open cursors over materialised results, each batch capped by count and by bytes. */
export class CursorStore {
  private readonly cursors = new Map<string, CursorState>();
  private nextId = Math.floor(Math.random() * 2 ** 40) + 1;

  private takeBatch(state: CursorState, max: number): Doc[] {
    const batch: Doc[] = [];
    const sizeOf = (d: Doc) => BSON.calculateObjectSize(d, { ignoreUndefined: true });
    // a batch always carries its first document: sizing starts with the second (findOne: never)
    let bytes = -1;
    while (state.pos < state.docs.length && batch.length < max) {
      const doc = state.docs[state.pos];
      if (batch.length > 0) {
        if (bytes < 0) bytes = sizeOf(batch[0]);
        const size = sizeOf(doc);
        if (bytes + size > BATCH_BYTES) break;
        bytes += size;
      }
      batch.push(doc);
      state.pos++;
    }
    return batch;
  }

  /** Builds the `cursor` reply for a fresh result, keeping a cursor open if more remain. */
  open(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Doc {
    const state: CursorState = { ns, docs, pos: 0, lastUsed: Date.now() };
    const firstBatch = this.takeBatch(state, batchSize ?? 101);
    let id = Long.ZERO;
    if (!singleBatch && state.pos < docs.length) {
      id = Long.fromNumber(this.nextId++);
      this.cursors.set(id.toString(), state);
    }
    return { cursor: { firstBatch, id, ns }, ok: 1 };
  }

  getMore(ns: string, rawId: unknown, batchSize: number | undefined): Doc {
    const key = String(rawId);
    const state = this.cursors.get(key);
    if (!state) throw new MongoCommandError(43, `cursor id ${key} not found`);
    if (state.ns !== ns) {
      throw new MongoCommandError(
        13,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${state.ns}`,
      );
    }
    state.lastUsed = Date.now();
    const nextBatch = this.takeBatch(state, batchSize && batchSize > 0 ? batchSize : Infinity);
    let id = Long.fromString(key);
    if (state.pos >= state.docs.length) {
      this.cursors.delete(key);
      id = Long.ZERO;
    }
    return { cursor: { nextBatch, id, ns }, ok: 1 };
  }

  kill(ids: unknown[]): Doc {
    const killed: unknown[] = [];
    const notFound: unknown[] = [];
    for (const id of ids) {
      if (this.cursors.delete(String(id))) killed.push(id);
      else notFound.push(id);
    }
    return {
      cursorsKilled: killed,
      cursorsNotFound: notFound,
      cursorsAlive: [],
      cursorsUnknown: [],
      ok: 1,
    };
  }

  /** Drops cursors idle longer than MongoDB's timeout. */
  sweep(now = Date.now()): void {
    for (const [id, state] of this.cursors) {
      if (now - state.lastUsed > CURSOR_TIMEOUT_MS) this.cursors.delete(id);
    }
  }
}
