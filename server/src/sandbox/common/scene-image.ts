import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

const MODULES = 21;
export const QUIET = 2;
/** Modules per side, quiet zone included. */
export const SIDE = MODULES + 2 * QUIET;

function isFinder(x: number, y: number): boolean | undefined {
  for (const [ox, oy] of [
    [0, 0],
    [MODULES - 7, 0],
    [0, MODULES - 7],
  ] as const) {
    const dx = x - ox;
    const dy = y - oy;
    if (dx >= 0 && dx < 7 && dy >= 0 && dy < 7) {
      const ring = Math.min(dx, dy, 6 - dx, 6 - dy);
      return ring !== 1;
    }
  }
  return undefined;
}

/** Dark/light modules: finder squares in three corners, the rest derived from the scene's hash. */
export function modules(scene: string): boolean[][] {
  let bits = Buffer.alloc(0);
  let seed = createHash('sha256').update(scene).digest();
  while (bits.length * 8 < MODULES * MODULES) {
    bits = Buffer.concat([bits, seed]);
    seed = createHash('sha256').update(seed).digest();
  }
  const grid: boolean[][] = [];
  for (let y = 0; y < MODULES; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < MODULES; x++) {
      const i = y * MODULES + x;
      row.push(isFinder(x, y) ?? ((bits[i >> 3]! >> (i & 7)) & 1) === 1);
    }
    grid.push(row);
  }
  return grid;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([len, typed, crc]);
}

/**
 * A real, decodable PNG (8-bit greyscale) whose pattern depends on the scene, so tests and
 * demos can tell two codes apart. It is not a scannable WeChat code.
 */
export function renderSceneImage(scene: string, widthPx = 430): Buffer {
  const scale = Math.max(1, Math.floor(widthPx / SIDE));
  const size = SIDE * scale;
  const grid = modules(scene);
  const raw = Buffer.alloc(size * (size + 1), 0xff);
  for (let y = 0; y < size; y++) {
    const rowStart = y * (size + 1);
    raw[rowStart] = 0; // filter: none
    const my = Math.floor(y / scale) - QUIET;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - QUIET;
      if (grid[my]?.[mx]) raw[rowStart + 1 + x] = 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
