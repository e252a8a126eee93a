/**
 * The CDNOW sample (2,357 customers, 39-week calibration ending 1997-09-30) against the published
 * summaries and estimates: BG/NBD r=0.243, α=4.414, a=0.793, b=2.426, LL=−9582.4 (Fader, Hardie &
 * Lee 2005); Gamma-Gamma p=6.25, q=3.74, v=15.44 on the 946 repeaters (Fader & Hardie 2013).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fitBgNbd } from './bgnbd';
import { fitGammaGamma } from './gamma-gamma';
import { parseDay, summariseTransactions, type Transaction } from './summarise';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cdnowDir = path.join(repoRoot, 'test', 'fixtures', 'cdnow');

function sampleTransactions(): Transaction[] {
  const text = readFileSync(path.join(cdnowDir, 'CDNOW_sample.txt'), 'utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [, newId, date, , dollars] = line.trim().split(/\s+/);
      return { customerId: String(Number(newId)), day: parseDay(date), amount: Number(dollars) };
    });
}

const summaries = summariseTransactions(sampleTransactions(), {
  calibrationEndDay: parseDay('1997-09-30'),
  unitDays: 7,
});

describe('CDNOW sample', () => {
  it('summarises to the published per-customer table (x exactly; t_x, T, zbar to the cent/0.01 week)', () => {
    const published = readFileSync(
      path.join(cdnowDir, 'cdnow_customers_summary_with_transactions.csv'),
      'utf8',
    )
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').map(Number));
    expect(summaries).toHaveLength(published.length);
    const byId = new Map(summaries.map((s) => [Number(s.customerId), s]));
    for (const [id, x, tx, T, zbar] of published) {
      const s = byId.get(id);
      expect(s?.x).toBe(x);
      expect(Math.abs((s?.tx ?? -1) - tx)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((s?.T ?? -1) - T)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((s?.zbar ?? -1) - zbar)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('reproduces the published BG/NBD estimates', () => {
    const fit = fitBgNbd({
      x: summaries.map((s) => s.x),
      tx: summaries.map((s) => s.tx),
      T: summaries.map((s) => s.T),
    });
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 2);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 2);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it('reproduces the published Gamma-Gamma estimates on the 946 repeaters', () => {
    const repeaters = summaries.filter((s) => s.x > 0);
    expect(repeaters).toHaveLength(946);
    const fit = fitGammaGamma({ x: repeaters.map((s) => s.x), zbar: repeaters.map((s) => s.zbar) });
    expect(fit.params.p).toBeCloseTo(6.25, 1);
    expect(fit.params.q).toBeCloseTo(3.74, 1);
    expect(fit.params.v).toBeCloseTo(15.44, 1);
  });
});
