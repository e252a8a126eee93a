// Draws the tab bar icons (81×81 PNG, line style, grey and gold) into src/assets/tab/.
// WeChat's tabBar needs real image files (no SVG, ≤ 40 KB each); these are a few hundred bytes.
// Usage: node scripts/tab-icons.mjs   (re-run after changing a shape; the PNGs are committed)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const STROKE = 5.5;
const SAMPLES = 4; // 4×4 supersampling for smooth edges
const COLORS = { normal: [0x8c, 0x8c, 0x8c], active: [0xb8, 0x8a, 0x3e] };

const seg = (x1, y1, x2, y2) => ({ kind: 'seg', x1, y1, x2, y2 });
const poly = (...pts) => pts.slice(1).map((p, i) => seg(pts[i][0], pts[i][1], p[0], p[1]));
const rect = (x, y, w, h) => poly([x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]);
const circle = (cx, cy, r) => ({ kind: 'circle', cx, cy, r });
const arc = (cx, cy, r, from, to) => ({ kind: 'arc', cx, cy, r, from, to });

const ICONS = {
  // a crown
  member: [
    ...poly([14, 60], [12, 24], [28, 38], [40.5, 16], [53, 38], [69, 24], [67, 60], [14, 60]),
  ],
  // a gift box with ribbon and bow
  perks: [
    ...rect(14, 32, 53, 14),
    ...poly([18, 46], [18, 68], [63, 68], [63, 46]),
    seg(40.5, 32, 40.5, 68),
    ...poly([40.5, 32], [28, 20], [22, 26], [40.5, 32]),
    ...poly([40.5, 32], [53, 20], [59, 26], [40.5, 32]),
  ],
  // a clipboard with a tick
  tasks: [...rect(17, 16, 47, 54), ...rect(31, 11, 19, 9), ...poly([28, 44], [37, 53], [54, 35])],
  // a person
  mine: [circle(40.5, 28, 12), arc(40.5, 72, 25, Math.PI, 2 * Math.PI)],
};

function distance(shape, x, y) {
  if (shape.kind === 'circle') return Math.abs(Math.hypot(x - shape.cx, y - shape.cy) - shape.r);
  if (shape.kind === 'arc') {
    let a = Math.atan2(y - shape.cy, x - shape.cx);
    if (a < 0) a += 2 * Math.PI;
    if (a >= shape.from && a <= shape.to)
      return Math.abs(Math.hypot(x - shape.cx, y - shape.cy) - shape.r);
    const ends = [shape.from, shape.to].map((t) => [
      shape.cx + shape.r * Math.cos(t),
      shape.cy + shape.r * Math.sin(t),
    ]);
    return Math.min(...ends.map(([ex, ey]) => Math.hypot(x - ex, y - ey)));
  }
  const dx = shape.x2 - shape.x1;
  const dy = shape.y2 - shape.y1;
  const len2 = dx * dx + dy * dy || 1;
  const t = Math.max(0, Math.min(1, ((x - shape.x1) * dx + (y - shape.y1) * dy) / len2));
  return Math.hypot(x - (shape.x1 + t * dx), y - (shape.y1 + t * dy));
}

function draw(shapes, [r, g, b]) {
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 + RGBA
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++) {
          const px = x + (sx + 0.5) / SAMPLES;
          const py = y + (sy + 0.5) / SAMPLES;
          if (shapes.some((s) => distance(s, px, py) <= STROKE / 2)) hits++;
        }
      row.set([r, g, b, Math.round((255 * hits) / (SAMPLES * SAMPLES))], 1 + x * 4);
    }
    rows.push(row);
  }
  return png(Buffer.concat(rows));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab');
mkdirSync(out, { recursive: true });
for (const [name, shapes] of Object.entries(ICONS)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = join(out, `${name}${state === 'active' ? '-active' : ''}.png`);
    const bytes = draw(shapes, color);
    writeFileSync(file, bytes);
    console.log(`${file.slice(out.length + 1).padEnd(20)} ${bytes.length} B`);
  }
}
