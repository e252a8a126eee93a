import fs from 'node:fs/promises';
import type { BSON } from 'bson';
import type { Doc } from '../engine/compare';
import type { Engine, Op } from '../engine/engine';
import { Slicer } from '../engine/slice';
import { openPrivate, writeAll } from './files';
import { type Damage, encodeRecord, scanFrames } from './records';

const DOCS_PER_RECORD = 1000;
/** Encoded bytes gathered before each write to the snapshot file. */
const WRITE_BYTES = 4 * 1024 * 1024;

/** One collection as of the capture: its metadata record, and its documents. */
export interface CapturedCollection {
  db: string;
  coll: string;
  meta: Buffer;
  docs: Doc[];
}

/**
 * The engine's state at this instant. Cheap (references, not copies: stored documents are
 * never mutated in place), so it can run in step with the journal rotation; the encoding,
 * the expensive part, happens later in slices.
 */
export function captureState(engine: Engine): CapturedCollection[] {
  const out: CapturedCollection[] = [];
  for (const [db, colls] of engine.dbs) {
    for (const coll of colls.values()) {
      // options and index specs can change in place (collMod): encode them now
      const meta: Op[] = [{ op: 'createCollection', db, coll: coll.name, options: coll.options }];
      for (const ix of coll.indexes.values()) {
        if (ix.name !== '_id_')
          meta.push({ op: 'createIndex', db, coll: coll.name, spec: ix.spec });
      }
      out.push({ db, coll: coll.name, meta: encodeRecord(meta), docs: [...coll.docs.values()] });
    }
  }
  return out;
}

/**
 * Writes a captured state as journal-format records framed by a header (`gen`) and an end
 * marker, then fsyncs. Encoding pauses whenever a slice is spent, so a large snapshot does
 * not stall other commands.
 */
export async function writeSnapshot(
  file: string,
  gen: number,
  colls: CapturedCollection[],
): Promise<void> {
  const h = await openPrivate(file, 'w');
  const slicer = new Slicer();
  let pending: Buffer[] = [];
  let bytes = 0;
  const flush = async () => {
    const data = Buffer.concat(pending, bytes);
    pending = [];
    bytes = 0;
    await writeAll(h, data);
  };
  const put = async (record: Buffer) => {
    pending.push(record);
    bytes += record.length;
    if (bytes >= WRITE_BYTES) await flush();
    else if (slicer.due()) await slicer.pause();
  };
  try {
    await put(encodeRecord([{ op: 'snapshot', gen, createdAt: new Date() }]));
    for (const c of colls) {
      await put(c.meta);
      for (let i = 0; i < c.docs.length; i += DOCS_PER_RECORD) {
        const ops: Op[] = [];
        for (const doc of c.docs.slice(i, i + DOCS_PER_RECORD)) {
          ops.push({ op: 'insert', db: c.db, coll: c.coll, doc });
        }
        await put(encodeRecord(ops));
      }
    }
    await put(encodeRecord([{ op: 'end' }]));
    await flush();
    await h.sync();
  } finally {
    await h.close();
  }
}

export interface SnapshotContents {
  gen: number;
  ops: Op[];
  /** Stretches that could not be read (only with `repair`; otherwise reading throws). */
  damage: Damage[];
}

/**
 * Reads a snapshot; undefined when there is none. A damaged snapshot is an error, not data
 * loss, unless `repair` asks for what can still be read (its header must be intact: it says
 * which journals the snapshot covers).
 */
export async function readSnapshot(
  file: string,
  repair = false,
): Promise<SnapshotContents | undefined> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const flat: BSON.Document[] = [];
  const damage: Damage[] = [];
  for (const piece of scanFrames(buf)) {
    if (piece.kind === 'damage') damage.push(piece);
    else for (const ops of piece.commands) flat.push(...ops);
  }
  const head = flat[0];
  const complete = flat.at(-1)?.op === 'end';
  if (head?.op !== 'snapshot' || (!repair && (damage.length > 0 || !complete))) {
    const where = damage[0] ? ` at offset ${damage[0].offset} (${damage[0].reason})` : '';
    throw new Error(
      `embedded-mongo: snapshot ${file} is damaged${where}; refusing to start${head?.op === 'snapshot' ? ' (start with --repair to load what can be read)' : ''}`,
    );
  }
  if (!complete && damage.length === 0) {
    damage.push({
      offset: buf.length,
      end: buf.length,
      reason: 'no end marker',
      records: 0,
      atEnd: true,
    });
  }
  const ops = flat.slice(1, complete ? -1 : undefined) as Op[];
  return { gen: Number(head.gen), ops, damage };
}
