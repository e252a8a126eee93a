import { BSON, type Long } from 'bson';
import type { Doc } from '../engine/compare';
import type { Slicer } from '../engine/slice';
import { MAX_BSON_OBJECT_SIZE } from '../wire/protocol';

// leave room for the reply envelope around a batch
export const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;
/** Documents are serialized this many bytes at a time, so one slice stays short. */
const CHUNK_BYTES = 256 * 1024;
const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };

const serialize = (doc: Doc) => {
  const u = BSON.serialize(doc, SERIALIZE);
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
};

export interface BatchSource {
  docs: Doc[];
  pos: number;
}

/**
 * Encodes the next documents of `src` (at most `max`, and at most BATCH_BYTES, though never
 * fewer than one) as the elements of a BSON array, pausing between chunks: a 16 MiB batch
 * in one `serialize` would hold the event loop for hundreds of milliseconds.
 */
export async function encodeElements(
  src: BatchSource,
  max: number,
  slicer: Slicer,
): Promise<{ parts: Buffer[]; bytes: number }> {
  const parts: Buffer[] = [];
  let bytes = 0;
  let n = 0;
  let avg = 0;
  while (src.pos < src.docs.length && n < max) {
    const want = avg ? Math.floor(CHUNK_BYTES / avg) : 16;
    const k = Math.max(1, Math.min(want, 1024, max - n, src.docs.length - src.pos));
    // an array serializes its elements keyed "0".."k-1"; they are re-keyed to batch positions
    const chunk = serialize({ a: src.docs.slice(src.pos, src.pos + k) });
    const out = Buffer.allocUnsafe(chunk.length + k * 8);
    let p = 11; // int32 + 0x04 "a\0" + int32
    let q = 0;
    let taken = 0;
    let full = false;
    while (p < chunk.length - 2) {
      const keyEnd = chunk.indexOf(0, p + 1);
      const size = chunk.readInt32LE(keyEnd + 1);
      const key = String(n + taken);
      const elementBytes = 1 + key.length + 1 + size;
      if (n + taken > 0 && bytes + elementBytes > BATCH_BYTES) {
        full = true;
        break;
      }
      out[q++] = chunk[p];
      q += out.write(key, q, 'latin1');
      out[q++] = 0;
      chunk.copy(out, q, keyEnd + 1, keyEnd + 1 + size);
      q += size;
      bytes += elementBytes;
      taken++;
      p = keyEnd + 1 + size;
    }
    parts.push(out.subarray(0, q));
    src.pos += taken;
    n += taken;
    avg = chunk.length / k;
    if (full) break;
    if (slicer.due()) await slicer.pause();
  }
  return { parts, bytes };
}

const elementsOf = (doc: Doc) => {
  const b = serialize(doc);
  return b.subarray(4, b.length - 1);
};

/** The BSON body `{cursor: {<field>: [elements], id, ns}, ok: 1}` as buffers to write in turn. */
export function cursorReplyBody(
  field: 'firstBatch' | 'nextBatch',
  elements: { parts: Buffer[]; bytes: number },
  id: Long,
  ns: string,
): Buffer[] {
  const rest = elementsOf({ id, ns });
  const ok = elementsOf({ ok: 1 });
  const arrayName = Buffer.from(`\x04${field}\x00`, 'latin1');
  const arrayLen = 4 + elements.bytes + 1;
  const cursorLen = 4 + arrayName.length + arrayLen + rest.length + 1;
  const cursorName = Buffer.from('\x03cursor\x00', 'latin1');
  const total = 4 + cursorName.length + cursorLen + ok.length + 1;
  const head = Buffer.allocUnsafe(4 + cursorName.length + 4 + arrayName.length + 4);
  let p = head.writeInt32LE(total, 0);
  p += cursorName.copy(head, p);
  p = head.writeInt32LE(cursorLen, p);
  p += arrayName.copy(head, p);
  head.writeInt32LE(arrayLen, p);
  const zero = Buffer.alloc(1);
  return [head, ...elements.parts, zero, rest, zero, ok, zero];
}
