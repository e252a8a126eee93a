import { modules, QUIET, SIDE } from './scene-image';

// getwxacodeunlimit answers `Content-Type: image/jpeg`, so the fake does too: a baseline
// greyscale JPEG. Every module is a whole number of 8×8 blocks, which makes each block one flat
// colour: only its DC coefficient is non-zero, and the encoder needs no DCT at all.

const BLOCK = 8;
/** Standard luminance DC table (ITU T.81 K.3): code lengths 1..16, then the categories. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** An AC table with one symbol, EOB (0x00), coded as the single bit `0`. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];

/** Canonical Huffman codes (T.81 C.2) for the symbols of one table. */
function huffman(bits: number[], values: number[]): Map<number, { code: number; len: number }> {
  const out = new Map<number, { code: number; len: number }>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) out.set(values[k++]!, { code: code++, len });
    code <<= 1;
  }
  return out;
}

const DC = huffman(DC_BITS, DC_VALUES);
const EOB = huffman(AC_BITS, AC_VALUES).get(0)!;

class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;

  write(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }

  finish(): Buffer {
    if (this.n > 0) this.write(0xff, 8 - this.n); // pad with 1-bits (T.81 F.1.2.3)
    return Buffer.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
}

function segment(marker: number, body: number[]): Buffer {
  const len = body.length + 2;
  return Buffer.from([0xff, marker, len >> 8, len & 0xff, ...body]);
}

/**
 * A decodable JPEG whose pattern depends on the scene (not a scannable WeChat code), about
 * `widthPx` wide as the API's `width` asks.
 */
export function renderSceneJpeg(scene: string, widthPx = 430): Buffer {
  const blocks = Math.ceil(widthPx / BLOCK);
  const perModule = Math.max(1, Math.floor(blocks / SIDE)); // blocks per module
  const offset = Math.floor((blocks - SIDE * perModule) / 2) + QUIET * perModule;
  const grid = modules(scene);
  const size = blocks * BLOCK;
  const w = new BitWriter();
  let previous = 0;
  for (let by = 0; by < blocks; by++) {
    for (let bx = 0; bx < blocks; bx++) {
      const my = Math.floor((by - offset) / perModule);
      const mx = Math.floor((bx - offset) / perModule);
      const dark = by >= offset && bx >= offset && grid[my]?.[mx] === true;
      // Quantiser 1: the DC coefficient of a flat block is 8 × (pixel − 128).
      const dc = 8 * ((dark ? 0 : 255) - 128);
      const diff = dc - previous;
      previous = dc;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const code = DC.get(category)!;
      w.write(code.code, code.len);
      if (category > 0) w.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
      w.write(EOB.code, EOB.len);
    }
  }
  const hi = size >> 8;
  const lo = size & 0xff;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    segment(0xc0, [8, hi, lo, hi, lo, 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES]),
    segment(0xc4, [0x10, ...AC_BITS, ...AC_VALUES]),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    w.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}
