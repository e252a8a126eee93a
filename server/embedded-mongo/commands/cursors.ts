import { Long } from 'bson';
import type { Doc } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { Slicer } from '../engine/slice';
import { RAW_REPLY } from '../wire/server';
import { type BatchSource, cursorReplyBody, encodeElements } from './batch-encode';

interface CursorState extends BatchSource {
  ns: string;
  lastUsed: number;
  /** A getMore is encoding a batch from it. */
  busy: boolean;
}

/** MongoDB's default idle cursor timeout. */
const CURSOR_TIMEOUT_MS = 10 * 60 * 1000;

const BATCH: unique symbol = Symbol('pendingBatch');

/** A cursor reply whose batch is encoded after the command ran (see CursorStore.finish). */
interface PendingBatch {
  state: CursorState;
  field: 'firstBatch' | 'nextBatch';
  max: number;
  /** The cursor's id for a getMore; a fresh result gets one only if documents remain. */
  id?: string;
  singleBatch: boolean;
}

/** Open cursors over materialised results, each batch capped by count and by bytes. */
export class CursorStore {
  private readonly cursors = new Map<string, CursorState>();
  private nextId = Math.floor(Math.random() * 2 ** 40) + 1;

  /** The `cursor` reply for a fresh result (encoded by `finish`). */
  open(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Doc {
    const state: CursorState = { ns, docs, pos: 0, lastUsed: Date.now(), busy: false };
    const batch: PendingBatch = { state, field: 'firstBatch', max: batchSize ?? 101, singleBatch };
    return { ok: 1, [BATCH]: batch };
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
    if (state.busy) throw new MongoCommandError(143, `cursor id ${key} is already in use`);
    state.busy = true;
    state.lastUsed = Date.now();
    const max = batchSize && batchSize > 0 ? batchSize : Infinity;
    const batch: PendingBatch = { state, field: 'nextBatch', max, id: key, singleBatch: false };
    return { ok: 1, [BATCH]: batch };
  }

  /**
   * Encodes a cursor reply's batch in slices and registers the cursor if documents remain;
   * other replies pass through. Runs once the command's reply is final, so a read that fails
   * (its data rolled back) leaves no cursor behind.
   */
  async finish(reply: Doc): Promise<Doc> {
    const batch = (reply as { [BATCH]?: PendingBatch })[BATCH];
    if (!batch) return reply;
    const { state } = batch;
    try {
      const elements = await encodeElements(state, batch.max, new Slicer());
      let id = Long.ZERO;
      const more = state.pos < state.docs.length;
      if (batch.id !== undefined) {
        if (more) id = Long.fromString(batch.id);
        else this.cursors.delete(batch.id);
      } else if (more && !batch.singleBatch) {
        id = Long.fromNumber(this.nextId++);
        this.cursors.set(id.toString(), state);
      }
      return { ok: 1, [RAW_REPLY]: cursorReplyBody(batch.field, elements, id, state.ns) };
    } catch (err) {
      // e.g. a document that cannot be encoded, as the wire layer reports it
      return new MongoCommandError(
        10334,
        `reply could not be encoded: ${(err as Error).message}`,
      ).toReply();
    } finally {
      state.busy = false;
    }
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
