import { crc32 } from 'node:zlib';
import { BSON } from 'bson';

/**
 * On-disk frame: `[magic u32][payload length u32][crc32 u32][payload]`.
 * - RECORD: the BSON-encoded ops of one command (journals of earlier versions, snapshots).
 * - BATCH: one group commit, `([length u32][ops of one command])*`. The journal writes each
 *   group commit as a single frame, so a crash mid-write can only tear the last frame: a
 *   damaged frame followed by an intact one is corruption, never a torn write.
 * A frame is applied whole or not at all.
 */
const RECORD = 0x4d4a524e;
const BATCH = 0x424a524e;
const HEADER = 12;

const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };
const DESERIALIZE: BSON.DeserializeOptions = { promoteValues: true, promoteBuffers: false };

/**
 * The ops of one command. Consecutive inserts into one collection (an insertMany) are written
 * as one `{op:'insertRun', db, coll, n}` header followed by the n bare documents: no
 * per-document wrapper to build and encode.
 */
export function encodeOps(ops: readonly BSON.Document[]): Buffer {
  const parts: Uint8Array[] = [];
  let len = 0;
  const push = (d: BSON.Document) => {
    const b = BSON.serialize(d, SERIALIZE);
    parts.push(b);
    len += b.byteLength;
  };
  for (let i = 0; i < ops.length; ) {
    const op = ops[i];
    let j = i + 1;
    if (op.op === 'insert') {
      while (
        j < ops.length &&
        ops[j].op === 'insert' &&
        ops[j].db === op.db &&
        ops[j].coll === op.coll
      )
        j++;
    }
    if (j - i > 1) {
      push({ op: 'insertRun', db: op.db, coll: op.coll, n: j - i });
      for (let k = i; k < j; k++) push(ops[k].doc);
    } else push(op);
    i = j;
  }
  return Buffer.concat(parts, len);
}

function frame(magic: number, parts: Buffer[], len: number): Buffer {
  const payload = parts.length === 1 ? parts[0] : Buffer.concat(parts, len);
  const head = Buffer.allocUnsafe(HEADER);
  head.writeUInt32LE(magic, 0);
  head.writeUInt32LE(len, 4);
  head.writeUInt32LE(crc32(payload), 8);
  return Buffer.concat([head, payload], HEADER + len);
}

/** One command's ops as a RECORD frame (snapshots are written as these). */
export function encodeRecord(ops: readonly BSON.Document[]): Buffer {
  const payload = encodeOps(ops);
  return frame(RECORD, [payload], payload.length);
}

/** A group commit of several commands' `encodeOps` payloads as one frame. */
export function encodeBatch(payloads: readonly Buffer[]): Buffer {
  if (payloads.length === 1) return frame(RECORD, [payloads[0]], payloads[0].length);
  const parts: Buffer[] = [];
  let len = 0;
  for (const p of payloads) {
    const n = Buffer.allocUnsafe(4);
    n.writeUInt32LE(p.length, 0);
    parts.push(n, p);
    len += 4 + p.length;
  }
  return frame(BATCH, parts, len);
}

function decodeOps(payload: Buffer): BSON.Document[] {
  const ops: BSON.Document[] = [];
  let p = 0;
  const next = (): BSON.Document => {
    const size = payload.readInt32LE(p);
    if (size < 5 || p + size > payload.length) throw new Error('bad document length');
    const doc = BSON.deserialize(payload.subarray(p, p + size), DESERIALIZE);
    p += size;
    return doc;
  };
  while (p < payload.length) {
    const op = next();
    if (op.op !== 'insertRun') {
      ops.push(op);
      continue;
    }
    for (let k = 0; k < op.n; k++)
      ops.push({ op: 'insert', db: op.db, coll: op.coll, doc: next() });
  }
  return ops;
}

type Parsed = { end: number; commands: BSON.Document[][] } | { reason: string };

/** The frame at `off`, or why there is no intact frame there. */
function parseFrame(buf: Buffer, off: number): Parsed {
  if (off + HEADER > buf.length) return { reason: `a ${buf.length - off}-byte partial header` };
  const magic = buf.readUInt32LE(off);
  if (magic !== RECORD && magic !== BATCH) return { reason: 'no record header' };
  const len = buf.readUInt32LE(off + 4);
  const end = off + HEADER + len;
  if (end > buf.length) {
    return { reason: `a record of ${len} bytes with only ${buf.length - off - HEADER} present` };
  }
  const payload = buf.subarray(off + HEADER, end);
  if (crc32(payload) !== buf.readUInt32LE(off + 8)) return { reason: 'a checksum mismatch' };
  try {
    if (magic === RECORD) return { end, commands: [decodeOps(payload)] };
    const commands: BSON.Document[][] = [];
    for (let p = 0; p < payload.length; ) {
      const n = payload.readUInt32LE(p);
      commands.push(decodeOps(payload.subarray(p + 4, p + 4 + n)));
      p += 4 + n;
    }
    return { end, commands };
  } catch {
    return { reason: 'an undecodable record' };
  }
}

const MAGIC_BYTES = [RECORD, BATCH].map((m) => {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(m, 0);
  return b;
});

/** Offset of the next intact frame at or after `from`, or -1. */
function nextIntactFrame(buf: Buffer, from: number): number {
  for (let at = from; at < buf.length; ) {
    const hits = MAGIC_BYTES.map((m) => buf.indexOf(m, at)).filter((i) => i >= 0);
    if (hits.length === 0) return -1;
    const i = Math.min(...hits);
    if ('end' in parseFrame(buf, i)) return i;
    at = i + 1;
  }
  return -1;
}

/** Frame starts (intact or not) in a damaged stretch: how many records it probably held. */
function framesIn(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (const m of MAGIC_BYTES) {
    for (let i = buf.indexOf(m, from); i >= 0 && i < to; i = buf.indexOf(m, i + 1)) n++;
  }
  return Math.max(1, n);
}

export interface Damage {
  /** Where the first byte that is not part of an intact frame is. */
  offset: number;
  end: number;
  reason: string;
  /** Records (frames) the stretch probably held. */
  records: number;
  /** Nothing intact follows it in this file: a torn write, if it is the journal's last. */
  atEnd: boolean;
}

export type Piece =
  | { kind: 'commands'; commands: BSON.Document[][]; offset: number; end: number }
  | ({ kind: 'damage' } & Damage);

/**
 * Walks a file's frames in order. A damaged stretch is reported and skipped up to the next
 * intact frame (or the end), so callers decide between truncating, refusing and salvaging.
 */
export function* scanFrames(buf: Buffer): Generator<Piece, void, void> {
  let off = 0;
  while (off < buf.length) {
    const parsed = parseFrame(buf, off);
    if ('end' in parsed) {
      yield { kind: 'commands', commands: parsed.commands, offset: off, end: parsed.end };
      off = parsed.end;
      continue;
    }
    const next = nextIntactFrame(buf, off + 1);
    const end = next < 0 ? buf.length : next;
    const records = framesIn(buf, off, end);
    yield { kind: 'damage', offset: off, end, reason: parsed.reason, records, atEnd: next < 0 };
    off = end;
  }
}
