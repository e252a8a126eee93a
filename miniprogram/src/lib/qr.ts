import { encode } from 'uqr';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII string (WeChat's JS engine has no btoa). */
export function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : Number.NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : Number.NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : B64[n & 63]!;
  }
  return out;
}

/** The QR modules of `text` (true = dark), with the 4-module quiet zone scanners expect. */
export function qrMatrix(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 4 }).data;
}

/**
 * The QR code as an SVG data URI: one path of unit squares, so it scales crisply in an
 * <Image> on both WeChat (which renders SVG data URIs) and browsers. Consecutive dark modules
 * of a row become one rectangle, which keeps the string short.
 */
export function qrSvgDataUri(text: string): string {
  const rows = qrMatrix(text);
  const size = rows.length;
  let path = '';
  rows.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      path += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`;
}
