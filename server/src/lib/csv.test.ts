import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import {
  type CsvRecord,
  CsvSyntaxError,
  decodeCsvBytes,
  detectFileEncoding,
  parseCsvText,
  type ReadCsvOptions,
  readCsvHeader,
  readCsvRecords,
  Utf8Check,
} from './csv';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'circles-csv-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let fileNo = 0;
async function file(content: string | Buffer): Promise<string> {
  const f = path.join(dir, `f${++fileNo}.csv`);
  await writeFile(f, content);
  return f;
}

async function readAll(f: string, opts?: ReadCsvOptions): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const recs of readCsvRecords(f, opts)) out.push(...recs);
  return out;
}

const shape = (recs: CsvRecord[]) => recs.map((r) => [r.line, ...r.fields]);

const QUOTED = [
  'sku,name,note',
  'A1,"围巾, 羊绒","two',
  'lines"',
  '',
  'A2,"say ""hi""",plain',
  '   ',
  'A3,"crlf\r\ninside",x',
  'A4,last,no newline at the end',
].join('\r\n');

describe('CSV reader', () => {
  it('drops a UTF-8 BOM from the first field, in files and in text', async () => {
    const f = await file('\uFEFFcustomer_id,date\n1,2024-01-01\n');
    expect((await readCsvHeader(f))?.fields).toEqual(['customer_id', 'date']);
    expect(parseCsvText('\uFEFFa,b\n1,2\n')[0]?.fields).toEqual(['a', 'b']);
    expect(decodeCsvBytes(Buffer.from('\uFEFFa,b\n'))).toBe('a,b\n');
  });

  it('keeps commas, quotes and newlines inside quoted fields and numbers lines physically', async () => {
    const expected = [
      [1, 'sku', 'name', 'note'],
      [2, 'A1', '围巾, 羊绒', 'two\r\nlines'],
      [5, 'A2', 'say "hi"', 'plain'],
      [7, 'A3', 'crlf\r\ninside', 'x'],
      [9, 'A4', 'last', 'no newline at the end'],
    ];
    expect(shape(parseCsvText(QUOTED))).toEqual(expected);
    const f = await file(QUOTED);
    const recs = await readAll(f);
    expect(shape(recs)).toEqual(expected);
    // Byte ranges cover each record exactly (what the import checkpoints on).
    const bytes = await readFile(f);
    expect(bytes.subarray(recs[1]!.start, recs[1]!.end).toString()).toBe(
      'A1,"围巾, 羊绒","two\r\nlines"\r\n',
    );
    expect(recs[4]!.end).toBe(bytes.length);
  });

  it('reads a GBK export (explicitly or detected) with byte offsets into the GBK file', async () => {
    const text = 'orderNo,name,category\r\nG1,"围巾, 羊绒",配饰\r\nG2,腰带,配饰\r\n';
    const gbk = iconv.encode(text, 'gbk');
    const f = await file(gbk);
    expect(await detectFileEncoding(f)).toBe('gbk');
    for (const encoding of ['gbk', 'auto'] as const) {
      const recs = await readAll(f, { encoding });
      expect(shape(recs)).toEqual([
        [1, 'orderNo', 'name', 'category'],
        [2, 'G1', '围巾, 羊绒', '配饰'],
        [3, 'G2', '腰带', '配饰'],
      ]);
      expect(iconv.decode(gbk.subarray(recs[2]!.start, recs[2]!.end), 'gbk')).toBe(
        'G2,腰带,配饰\r\n',
      );
    }
    // Resuming at a record boundary continues with the same records and line numbers.
    const [, second] = await readAll(f, { encoding: 'gbk' });
    const resumed = await readAll(f, { encoding: 'gbk', start: second!.start, firstLine: 2 });
    expect(shape(resumed)).toEqual([
      [2, 'G1', '围巾, 羊绒', '配饰'],
      [3, 'G2', '腰带', '配饰'],
    ]);
    expect(decodeCsvBytes(gbk)).toBe(text);
    expect(await detectFileEncoding(await file(text))).toBe('utf8');
  });

  it('streams files larger than a read chunk, with characters split across chunks', async () => {
    const rows = ['id,name'];
    for (let i = 1; i <= 60_000; i++) rows.push(`${i},会员${i}号`);
    for (const encoding of ['utf8', 'gbk'] as const) {
      const content = `${rows.join('\n')}\n`;
      const f = await file(encoding === 'gbk' ? iconv.encode(content, 'gbk') : content);
      expect((await readFile(f)).length).toBeGreaterThan(1 << 20);
      const recs = await readAll(f, { encoding: 'auto' });
      expect(recs).toHaveLength(60_001);
      expect(recs[60_000]).toMatchObject({ line: 60_001, fields: ['60000', '会员60000号'] });
      expect(recs.every((r, i) => r.line === i + 1 && r.fields.length === 2)).toBe(true);
    }
    // A quote opened far into the file runs to the end; the error names the line it opened on.
    rows[45_000] = '45000,"unclosed';
    const broken = await file(`${rows.join('\n')}\n`);
    await expect(readAll(broken)).rejects.toThrow(/^line 45001: a quoted field is not closed$/);
  });

  it('names the line of a record with broken quoting', async () => {
    const bad = 'a,b\n1,2\n\n3,"open\n4,5\n';
    expect(() => parseCsvText(bad, { source: 'bad.csv' })).toThrow(
      'bad.csv:4: a quoted field is not closed',
    );
    const f = await file('a,b\r\n"x",1\r\n"y""z,2\r\n3,4\r\n');
    await expect(readAll(f, { source: 'orders.csv' })).rejects.toThrow(
      /^orders\.csv:3: a quoted field is not closed$/,
    );
    await expect(readAll(f)).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(readAll(f)).rejects.toMatchObject({ line: 3 });
  });

  it('keeps a stray quote inside an unquoted field as a character', () => {
    expect(parseCsvText('sku,name\nP1,12" pizza\n')[1]?.fields).toEqual(['P1', '12" pizza']);
  });

  it('reports a missing file as the file system does', async () => {
    await expect(readAll(path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('checks UTF-8 validity across chunk boundaries', () => {
    const bytes = Buffer.from('a会b');
    const check = new Utf8Check();
    for (const b of bytes) expect(check.push(Buffer.from([b]))).toBe(true);
    expect(check.end()).toBe(true);
    const truncated = new Utf8Check();
    truncated.push(bytes.subarray(0, 3));
    expect(truncated.end()).toBe(false);
    expect(new Utf8Check().push(iconv.encode('腰带', 'gbk'))).toBe(false);
  });
});
