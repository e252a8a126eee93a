import { render, screen } from '@testing-library/react';
import { base64Ascii, qrMatrix, qrSvgDataUri } from '../../lib/qr';
import { QrCode } from '.';

describe('QrCode', () => {
  it('encodes base64 like the browser does (WeChat has no btoa)', () => {
    for (const text of ['', 'a', 'ab', 'abc', '<svg d="M0 0h1"/>']) {
      expect(base64Ascii(text)).toBe(Buffer.from(text, 'ascii').toString('base64'));
    }
  });

  it('draws a square matrix with finder patterns inside a 4-module quiet zone', () => {
    const rows = qrMatrix('RC-7F3K9Q');
    expect(rows.length).toBe(rows[0]!.length);
    expect(rows[0]!.every((dark) => !dark)).toBe(true);
    // The top-left finder pattern starts right after the quiet zone: 7 dark modules in a row.
    expect(rows[4]!.slice(4, 11)).toEqual([true, true, true, true, true, true, true]);
  });

  it('renders the code as an SVG image with its text as caption', () => {
    render(<QrCode value="RC-7F3K9Q" caption="RC-7F3K9Q" />);

    const img = screen.getByLabelText('二维码 RC-7F3K9Q');
    expect(img.getAttribute('src')).toBe(qrSvgDataUri('RC-7F3K9Q'));
    const svg = Buffer.from(img.getAttribute('src')!.split(',')[1]!, 'base64').toString('ascii');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(screen.getByText('RC-7F3K9Q')).toBeTruthy();
  });
});
