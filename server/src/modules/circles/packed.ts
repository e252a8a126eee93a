import { Binary } from 'mongodb';
import { Types } from 'mongoose';

type Id = Types.ObjectId;

/** Bytes per ObjectId. */
export const ID_BYTES = 12;

/**
 * Member-id lists stored as BSON binary: 12 bytes per id, sorted. A million-member circle is one
 * memcpy on either side of the wire instead of a million ObjectId values to encode, decode,
 * index and keep on the heap (the collector walks every one of them on each major GC).
 */
export function packIds(bytes: Uint8Array): Binary {
  return new Binary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The raw bytes of a stored binary, whichever form the driver or mongoose handed back. */
export function bytesOf(v: Binary | Uint8Array | null | undefined): Uint8Array {
  if (!v) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v;
  return v.buffer.subarray(0, v.position);
}

/** Float64 milliseconds per member (entry times), packed like the ids (little-endian, as
 * every platform this server runs on). */
export function packTimes(times: Float64Array): Binary {
  return new Binary(Buffer.from(times.buffer, times.byteOffset, times.byteLength));
}

export function unpackTimes(v: Binary | Uint8Array | null | undefined): Float64Array {
  const b = bytesOf(v);
  // Copied: a Float64Array needs 8-byte alignment, which a slice of a BSON reply rarely has.
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Entry j of packed times, read in place. */
export function timeAt(v: Binary | Uint8Array, j: number): number {
  const b = bytesOf(v);
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getFloat64(j * 8, true);
}

export const idAt = (bytes: Uint8Array, i: number): Id =>
  new Types.ObjectId(Buffer.from(bytes.subarray(i * ID_BYTES, (i + 1) * ID_BYTES)));

export const idBytes = (id: Id): Uint8Array => id.id;

/** Compares the ids at a[i] and b[j] bytewise. */
export function compareAt(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  const x = i * ID_BYTES;
  const y = j * ID_BYTES;
  for (let k = 0; k < ID_BYTES; k++) {
    const d = a[x + k]! - b[y + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** FNV-1a over an id's 12 bytes: spreads ids of one process (same prefix) evenly. */
export function hashAt(bytes: Uint8Array, i: number): number {
  let h = 0x811c9dc5;
  const o = i * ID_BYTES;
  for (let k = 0; k < ID_BYTES; k++) {
    h ^= bytes[o + k]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Member id → population index without a Map of a million hex strings: the ids live in one
 * byte array and an open-addressing table holds their positions.
 */
export class IdIndex {
  private bytes: Uint8Array;
  private table: Int32Array;
  private mask: number;
  n = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity * ID_BYTES);
    const size = 2 ** Math.ceil(Math.log2(capacity * 2));
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The ids in insertion order, 12 bytes each. */
  get ids(): Uint8Array {
    return this.bytes.subarray(0, this.n * ID_BYTES);
  }

  /** Adds an id (no check for duplicates: callers add each member once) and returns its index. */
  add(id: Uint8Array): number {
    if ((this.n + 1) * ID_BYTES > this.bytes.byteLength) this.grow();
    this.bytes.set(id.subarray(0, ID_BYTES), this.n * ID_BYTES);
    this.place(this.n);
    return this.n++;
  }

  get(id: Uint8Array): number | undefined {
    let slot = hashAt(id, 0) & this.mask;
    for (;;) {
      const i = this.table[slot]!;
      if (i < 0) return undefined;
      if (compareAt(this.bytes, i, id, 0) === 0) return i;
      slot = (slot + 1) & this.mask;
    }
  }

  private place(i: number) {
    let slot = hashAt(this.bytes, i) & this.mask;
    while (this.table[slot]! >= 0) slot = (slot + 1) & this.mask;
    this.table[slot] = i;
  }

  private grow() {
    const bytes = new Uint8Array(this.bytes.byteLength * 2);
    bytes.set(this.bytes);
    this.bytes = bytes;
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    this.mask = this.table.length - 1;
    for (let i = 0; i < this.n; i++) this.place(i);
  }
}
