import { renderSceneJpeg } from './scene-jpeg';

/** Marker segments up to SOS: [marker, body]. */
function segments(jpeg: Buffer): Array<[number, Buffer]> {
  const out: Array<[number, Buffer]> = [];
  let at = 2;
  while (at < jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]!;
    const len = jpeg.readUInt16BE(at + 2);
    out.push([marker, jpeg.subarray(at + 4, at + 2 + len)]);
    at += 2 + len;
    if (marker === 0xda) break;
  }
  return out;
}

describe('renderSceneJpeg', () => {
  it('is a baseline greyscale JPEG about as wide as asked', () => {
    const jpeg = renderSceneJpeg('r=AB12', 430);
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    const segs = segments(jpeg);
    expect(segs.map(([m]) => m)).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
    const sof = segs.find(([m]) => m === 0xc0)![1];
    expect(sof[0]).toBe(8); // precision
    expect(sof.readUInt16BE(1)).toBe(432); // height: 430 rounded up to whole 8×8 blocks
    expect(sof.readUInt16BE(3)).toBe(432);
    expect(sof[5]).toBe(1); // one component: greyscale
  });

  it('keeps the entropy data free of unstuffed markers', () => {
    const jpeg = renderSceneJpeg('x', 280);
    const sosEnd = jpeg.indexOf(Buffer.from([0xff, 0xda])) + 2 + 8;
    const data = jpeg.subarray(sosEnd, jpeg.length - 2);
    for (let i = 0; i < data.length - 1; i++) if (data[i] === 0xff) expect(data[i + 1]).toBe(0);
  });

  it('draws different bytes for different scenes', () => {
    expect(renderSceneJpeg('a').equals(renderSceneJpeg('b'))).toBe(false);
    expect(renderSceneJpeg('a').equals(renderSceneJpeg('a'))).toBe(true);
  });
});
