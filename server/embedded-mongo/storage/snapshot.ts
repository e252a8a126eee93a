import fs from 'node:fs/promises';
import type { BSON } from 'bson';
import type { Engine, Op } from '../engine/engine';
import { decodeRecords, encodeRecord } from './records';

const DOCS_PER_RECORD = 1000;

/**
 * Encodes the whole engine state as journal-format records framed by a header (`gen`) and an
 * end marker. Synchronous on purpose: it must capture one consistent instant.
 */
export function encodeSnapshot(gen: number, engine: Engine): Buffer[] {
  const out: Buffer[] = [encodeRecord([{ op: 'snapshot', gen, createdAt: new Date() }])];
  for (const [db, colls] of engine.dbs) {
    for (const coll of colls.values()) {
      const meta: Op[] = [{ op: 'createCollection', db, coll: coll.name, options: coll.options }];
      for (const ix of coll.indexes.values()) {
        if (ix.name !== '_id_')
          meta.push({ op: 'createIndex', db, coll: coll.name, spec: ix.spec });
      }
      out.push(encodeRecord(meta));
      let batch: Op[] = [];
      for (const doc of coll.docs.values()) {
        batch.push({ op: 'insert', db, coll: coll.name, doc });
        if (batch.length === DOCS_PER_RECORD) {
          out.push(encodeRecord(batch));
          batch = [];
        }
      }
      if (batch.length) out.push(encodeRecord(batch));
    }
  }
  out.push(encodeRecord([{ op: 'end' }]));
  return out;
}

export async function writeFileSynced(file: string, parts: Buffer[]): Promise<void> {
  const h = await fs.open(file, 'w');
  try {
    for (const p of parts) {
      let off = 0;
      while (off < p.length) off += (await h.write(p, off, p.length - off)).bytesWritten;
    }
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Reads a snapshot; undefined when there is none. A damaged snapshot is an error, not data loss. */
export async function readSnapshot(file: string): Promise<{ gen: number; ops: Op[] } | undefined> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const { records } = decodeRecords(buf);
  const flat: BSON.Document[] = records.flat();
  const head = flat[0];
  if (head?.op !== 'snapshot' || flat.at(-1)?.op !== 'end') {
    throw new Error(`embedded-mongo: snapshot ${file} is damaged; refusing to start`);
  }
  return { gen: Number(head.gen), ops: flat.slice(1, -1) as Op[] };
}
