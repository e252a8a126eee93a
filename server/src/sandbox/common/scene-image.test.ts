import { crc32, inflateSync } from 'node:zlib';
import { renderSceneImage } from './scene-image';

function chunks(png: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  const out = [];
  let at = 8;
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const typed = png.subarray(at + 4, at + 8 + len);
    const crc = png.readUInt32BE(at + 8 + len);
    out.push({
      type: typed.subarray(0, 4).toString('ascii'),
      data: typed.subarray(4),
      crcOk: crc32(typed) >>> 0 === crc,
    });
    at += 12 + len;
  }
  return out;
}

describe('renderSceneImage', () => {
  it('produces a well-formed greyscale PNG whose pixels decode to the declared size', () => {
    const png = renderSceneImage('r=AB12', 300);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 80, 78, 71, 13, 10, 26, 10]));
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts.every((c) => c.crcOk)).toBe(true);
    const width = parts[0]!.data.readUInt32BE(0);
    const height = parts[0]!.data.readUInt32BE(4);
    expect(width).toBe(height);
    expect(width).toBeLessThanOrEqual(300);
    const pixels = inflateSync(parts[1]!.data);
    expect(pixels.length).toBe(height * (width + 1));
    expect(pixels.includes(0)).toBe(true); // some dark modules
  });

  it('draws different patterns for different scenes', () => {
    expect(renderSceneImage('a').equals(renderSceneImage('b'))).toBe(false);
    expect(renderSceneImage('a').equals(renderSceneImage('a'))).toBe(true);
  });
});
