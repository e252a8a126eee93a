import { crc32 } from 'node:zlib';
import { BSON } from 'bson';

/**
 * On-disk record: `[magic u32][payload length u32][crc32 u32][payload]`, the payload being
 * the BSON-encoded ops of one command. A record is applied whole or, when torn or corrupt
 * (a crash mid-write), not at all, together with everything after it.
 */
const MAGIC = 0x4d4a524e;
const HEADER = 12;

const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };
const DESERIALIZE: BSON.DeserializeOptions = { promoteValues: true, promoteBuffers: false };

/**
 * Consecutive inserts into one collection (an insertMany) are written as one
 * `{op:'insertRun', db, coll, n}` header followed by the n bare documents: no per-document
 * wrapper to build and encode.
 */
export function encodeRecord(ops: readonly BSON.Document[]): Buffer {
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
  const payload = Buffer.concat(parts, len);
  const head = Buffer.allocUnsafe(HEADER);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(len, 4);
  head.writeUInt32LE(crc32(payload), 8);
  return Buffer.concat([head, payload], HEADER + len);
}

export interface DecodedRecords {
  records: BSON.Document[][];
  /** Bytes of intact records; anything after is a torn or corrupt tail. */
  validBytes: number;
}

export function decodeRecords(buf: Buffer): DecodedRecords {
  const records: BSON.Document[][] = [];
  let off = 0;
  while (off + HEADER <= buf.length) {
    if (buf.readUInt32LE(off) !== MAGIC) break;
    const len = buf.readUInt32LE(off + 4);
    const end = off + HEADER + len;
    if (end > buf.length) break;
    const payload = buf.subarray(off + HEADER, end);
    if (crc32(payload) !== buf.readUInt32LE(off + 8)) break;
    const ops: BSON.Document[] = [];
    let p = 0;
    const next = (): BSON.Document => {
      const size = payload.readInt32LE(p);
      const doc = BSON.deserialize(payload.subarray(p, p + size), DESERIALIZE);
      p += size;
      return doc;
    };
    try {
      while (p < payload.length) {
        const op = next();
        if (op.op !== 'insertRun') {
          ops.push(op);
          continue;
        }
        for (let k = 0; k < op.n; k++)
          ops.push({ op: 'insert', db: op.db, coll: op.coll, doc: next() });
      }
    } catch {
      break;
    }
    records.push(ops);
    off = end;
  }
  return { records, validBytes: off };
}
