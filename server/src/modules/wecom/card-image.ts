import { deflateSync } from 'node:zlib';

/**
 * The picture on the member-center card (welcome message and sidebar cards), drawn here so the
 * repo ships it without a binary asset: a 5:4 card (WeChat shows mini-program covers at 5:4)
 * in the brand's navy with a gold band and seal. PNG, as media/upload and imgUrl accept.
 */
const W = 500;
const H = 400;

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pixel(x: number, y: number): [number, number, number] {
  const gold: [number, number, number] = [0xb8, 0x8a, 0x3e];
  const dx = x - 390;
  const dy = y - 120;
  if (dx * dx + dy * dy < 55 * 55 && dx * dx + dy * dy > 45 * 45) return gold;
  if (y > 290 && y < 310) return gold;
  const shade = Math.round(20 * (y / H));
  return [0x1f + shade, 0x2a + shade, 0x44 + shade];
}

let cached: Buffer | undefined;

export function memberCardPng(): Buffer {
  if (cached) return cached;
  const raw = Buffer.alloc((W * 3 + 1) * H);
  for (let y = 0; y < H; y++) {
    const row = y * (W * 3 + 1); // filter byte 0 (none) starts each row
    for (let x = 0; x < W; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  cached = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return cached;
}

export const CARD_IMAGE_PATH = '/wecom/cards/member-card.png';

/** The absolute cover URL sendChatMessage needs ("必须带 http 或 https 协议头"). */
export const cardImageUrl = (publicUrl: string) => new URL(CARD_IMAGE_PATH, publicUrl).href;
