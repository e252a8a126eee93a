/**
 * The analytics CLI on the CDNOW sample (39-week calibration to 1997-09-30) against the published
 * estimates: BG/NBD r=0.243, α=4.414, a=0.793, b=2.426, LL=−9582.4 (Fader, Hardie & Lee 2005;
 * CLVTools refit r=0.2425945, α=4.4136019, a=0.7929199, b=2.4258881, LL=−9582.429) and
 * Gamma-Gamma p=6.25, q=3.74, v=15.44 (Fader & Hardie 2013; lifetimes docs: v=15.45).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gammaGammaLogLikelihood } from '@circles/shared';
import { analyseClv, type ClvReport } from './clv-command';
import type { CliIo } from './io';
import { runCli } from './run';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..', '..');
const cdnowDir = path.join(repoRoot, 'test', 'fixtures', 'cdnow');
const SAMPLE = path.join(cdnowDir, 'CDNOW_sample.txt');

function memoryIo(files: Record<string, string> = {}) {
  const written = new Map<string, string>();
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd: '/virtual',
    readText: (file) => files[file] ?? readFileSync(file, 'utf8'),
    writeText: (file, text) => void written.set(file, text),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
  };
  return { io, written, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('analytics clv on the CDNOW sample', () => {
  const m = memoryIo();
  const code = runCli(
    [
      'clv',
      '--input',
      SAMPLE,
      '--format',
      'cdnow',
      '--calibration-end',
      '1997-09-30',
      '--time-unit',
      'week',
      '--json',
      '--out',
      'pred.csv',
    ],
    m.io,
  );
  const report: ClvReport = JSON.parse(m.stdout());

  it('prints the published BG/NBD estimates', () => {
    expect(code).toBe(0);
    expect(report.customers).toBe(2357);
    expect(report.repeaters).toBe(946);
    expect(report.bgnbd.r).toBeCloseTo(0.243, 3);
    expect(report.bgnbd.alpha).toBeCloseTo(4.414, 2);
    expect(report.bgnbd.a).toBeCloseTo(0.793, 3);
    expect(report.bgnbd.b).toBeCloseTo(2.426, 2);
    expect(report.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 1);
    // CLVTools' refit on the same transactions, to four significant digits
    expect(report.bgnbd.r / 0.2425945).toBeCloseTo(1, 4);
    expect(report.bgnbd.alpha / 4.4136019).toBeCloseTo(1, 4);
  });

  it('prints the published Gamma-Gamma estimates', () => {
    expect(report.gammaGamma.p).toBeCloseTo(6.25, 1);
    expect(report.gammaGamma.q).toBeCloseTo(3.74, 1);
    expect(report.gammaGamma.v).toBeCloseTo(15.44, 1);
  });

  it('writes one prediction row per customer, matching FHL’s worked example for customer 1', () => {
    const csv = m.written.get(path.resolve('/virtual', 'pred.csv'))?.trim().split('\n') ?? [];
    expect(csv[0]).toBe(
      'customer_id,x,t_x,T,zbar,p_alive,expected_purchases_30d,expected_purchases_90d,expected_purchases_365d,' +
        'expected_avg_spend,clv_12m,holdout_purchases,expected_holdout_purchases',
    );
    expect(csv).toHaveLength(2358);
    const first = csv[1].split(',');
    expect(first[0]).toBe('1');
    expect(first[1]).toBe('2');
    expect(Number(first[12])).toBeCloseTo(1.226, 3); // E[Y(39) | x=2, t_x=30.43, T=38.86]
  });

  it('fits a Gamma-Gamma likelihood at least as good as the published point', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const txs = text
      .trim()
      .split(/\r?\n/)
      .map((l) => l.trim().split(/\s+/))
      .map(([, id, date, , dollars]) => ({
        customerId: id,
        day: Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6)) / 86_400_000,
        amount: Number(dollars),
      }));
    const a = analyseClv(txs, {
      calibrationEndDay: Date.UTC(1997, 8, 30) / 86_400_000,
      timeUnit: 'week',
    });
    const rep = a.summaries.filter((s) => s.x > 0);
    const data = { x: rep.map((s) => s.x), zbar: rep.map((s) => s.zbar) };
    const ll = gammaGammaLogLikelihood(a.model.gammaGamma, data);
    expect(ll).toBeGreaterThanOrEqual(
      gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, data),
    );
    expect(ll).toBeCloseTo(-4055.92, 1); // CLVTools reports −4055.9177
  });
});

describe('analytics clv text summary', () => {
  it('compares predicted and actual holdout purchase days (weeks 40–78)', () => {
    const m = memoryIo();
    const argv = ['clv', '--input', SAMPLE, '--format', 'cdnow', '--calibration-end', '1997-09-30'];
    expect(runCli(argv, m.io)).toBe(0);
    const text = m.stdout();
    expect(text).toContain('2357 customers (946 repeaters)');
    // 1,882 distinct (customer, day) pairs after 1997-09-30 (counted with sort -u on the file)
    expect(text).toMatch(
      /Holdout to 1998-06-30 \(39\.00 weeks\): actual repeat purchase days 1882, predicted 1[67]\d\d\.\d/,
    );
  });
});

describe('analytics rfm', () => {
  const csv = [
    'customer_id,date,amount',
    'a,2024-06-01,100',
    'a,2024-06-01,20', // same day: one purchase day
    'a,2024-06-20,50',
    'b,2024-01-10,900',
    'c,2024-06-25,5',
    'd,2023-01-01,40', // outside the 365-day window
    'e,2024-07-30,70', // after --as-of: ignored
  ].join('\n');

  it('writes r, f, m, scores and segments with recency the right way round', () => {
    const m = memoryIo({ '/virtual/tx.csv': csv });
    expect(
      runCli(['rfm', '--input', 'tx.csv', '--as-of', '2024-06-30', '--out', 'rfm.csv'], m.io),
    ).toBe(0);
    const lines = m.written.get('/virtual/rfm.csv')?.trim().split('\n');
    // n = 4, score = floor(5·rank/4) + 1. R ranks (most days first): d, b, a, c → 1, 2, 3, 4.
    // Means: R 183.25 days (a, b, c are recent), F 1 (only a above), M 268.75 (only b above).
    expect(lines).toEqual([
      'customer_id,r,f,m,r_score,f_score,m_score,segment',
      'a,10,2,170.00,3,4,3,一般价值',
      'b,172,1,900.00,2,2,4,重要发展',
      'c,5,1,5.00,4,3,2,一般发展',
      'd,546,0,0.00,1,1,1,一般挽留',
    ]);
    expect(m.stdout()).toContain('4 customers as of 2024-06-30');
  });

  it('accepts the CDNOW text format directly', () => {
    const m = memoryIo();
    const code = runCli(
      [
        'rfm',
        '--input',
        SAMPLE,
        '--format',
        'cdnow',
        '--as-of',
        '1997-09-30',
        '--out',
        'r.csv',
        '--json',
      ],
      m.io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(m.stdout());
    expect(summary.customers).toBe(2357);
    expect(summary.segments.reduce((s: number, x: { members: number }) => s + x.members, 0)).toBe(
      2357,
    );
  });
});

describe('analytics CLI errors', () => {
  it('names the file and line of a bad row', () => {
    const m = memoryIo({
      '/virtual/bad.csv': 'customer_id,date,amount\n1,1997-01-01,10\n2,1997-02-30,5\n',
    });
    expect(runCli(['clv', '--input', 'bad.csv', '--calibration-end', '1997-09-30'], m.io)).toBe(1);
    expect(m.stderr()).toContain("bad.csv:3: date '1997-02-30' is not a valid YYYY-MM-DD date");
  });

  it.each([
    ['customer_id,date,amount\n1,1997-01-01,ten\n', "bad.csv:2: amount 'ten' is not a number"],
    ['customer_id,date,amount\n1,1997-01-01,-3\n', 'bad.csv:2: amount -3 is negative'],
    ['customer_id,date,amount\n1,1997-01-01\n', 'bad.csv:2: expected 3 fields'],
    ['id,day,value\n1,1997-01-01,3\n', "bad.csv:1: header must be 'customer_id,date,amount'"],
  ])('rejects %j', (text, message) => {
    const m = memoryIo({ '/virtual/bad.csv': text });
    expect(runCli(['clv', '--input', 'bad.csv', '--calibration-end', '1997-09-30'], m.io)).toBe(1);
    expect(m.stderr()).toContain(message);
  });

  it('explains bad or missing flags with exit code 2', () => {
    const cases: Array<[string[], string]> = [
      [['clv', '--input', 'x.csv'], '--calibration-end is required'],
      [
        ['clv', '--input', 'x.csv', '--calibration-end', '1997-9-30'],
        '--calibration-end must be a date YYYY-MM-DD',
      ],
      [
        ['clv', '--input', 'x.csv', '--calibration-end', '1997-09-30', '--time-unit', 'fortnight'],
        '--time-unit must be',
      ],
      [
        ['clv', '--input', 'x.csv', '--calibration-end', '1997-09-30', '--bogus'],
        "Unknown option '--bogus'",
      ],
      [['rfm', '--input', 'x.csv', '--as-of', '1997-09-30'], '--out is required'],
      [['frobnicate'], "unknown command 'frobnicate'"],
    ];
    for (const [argv, message] of cases) {
      const m = memoryIo();
      expect(runCli(argv, m.io)).toBe(2);
      expect(m.stderr()).toContain(message);
    }
  });

  it('reports an unreadable input file', () => {
    const m = memoryIo();
    expect(
      runCli(['clv', '--input', '/nonexistent/x.csv', '--calibration-end', '1997-09-30'], m.io),
    ).toBe(1);
    expect(m.stderr()).toContain('cannot read /nonexistent/x.csv: ENOENT');
  });
});

describe('analytics convert-cdnow', () => {
  it('turns the CDNOW sample into the CSV the other commands read', () => {
    const m = memoryIo();
    expect(runCli(['convert-cdnow', '--input', SAMPLE, '--out', 'cdnow.csv'], m.io)).toBe(0);
    const lines = m.written.get('/virtual/cdnow.csv')?.trim().split('\n') ?? [];
    expect(lines[0]).toBe('customer_id,date,amount');
    expect(lines[1]).toBe('1,1997-01-01,29.33');
    expect(lines).toHaveLength(6920);
  });
});
