/**
 * `analytics experiment` on the fixture CSVs written by
 * shared/src/domain/experiments/fixtures/gen_fixtures.py, against the figures scipy computed
 * from the same rows (1e-6 relative).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import fixtures from '../../../../../shared/src/domain/experiments/fixtures/scipy-fixtures.json';
import type { ExperimentReport } from './experiment-command';
import { type CliIo, nodeIo } from './io';
import { runCli } from './run';

const fixtureDir = path.resolve(__dirname, '../../../../../shared/src/domain/experiments/fixtures');
const [two, three] = fixtures.experiments as [Expected, Expected];

type Expected = (typeof fixtures.experiments)[number];
type ExpectedComparison = Expected['comparisons'][number];

function memoryIo(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd: fixtureDir,
    readText: (file) => files[path.basename(file)] ?? readFileSync(file, 'utf8'),
    writeText: () => {
      throw new Error('experiment writes no files');
    },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

function close(actual: number | undefined, expected: number, what: string): void {
  const err = Math.abs((actual ?? Number.NaN) - expected);
  if (!(err <= 1e-6 * Math.abs(expected))) {
    throw new Error(`${what}: got ${actual}, scipy ${expected}`);
  }
}

function checkComparison(
  got: Pick<ExperimentReport, 'revenue' | 'cuped' | 'conversion'>,
  want: ExpectedComparison,
  holm: boolean,
) {
  for (const k of ['diff', 'ciLow', 'ciHigh', 'pValue'] as const) {
    close(got.revenue?.[k], want.revenue[k], `revenue.${k}`);
    close(got.cuped?.[k], want.cuped[k], `cuped.${k}`);
  }
  close(got.cuped?.theta, want.cuped.theta, 'cuped.theta');
  close(got.cuped?.varianceReduction, want.cuped.varianceReduction, 'cuped.varianceReduction');
  close(got.conversion?.diff, want.conversion.diff, 'conversion.diff');
  close(got.conversion?.pValue, want.conversion.pValue, 'conversion.pValue');
  if (holm) {
    const w = want as ExpectedComparison &
      Record<'revenue' | 'cuped' | 'conversion', { pValueHolm: number }>;
    close(got.revenue?.pValueHolm, w.revenue.pValueHolm, 'revenue.pValueHolm');
    close(got.cuped?.pValueHolm, w.cuped.pValueHolm, 'cuped.pValueHolm');
    close(got.conversion?.pValueHolm, w.conversion.pValueHolm, 'conversion.pValueHolm');
  }
}

const run = (argv: string[], files?: Record<string, string>) => {
  const m = memoryIo(files);
  const code = runCli(['experiment', ...argv], m.io);
  return { code, out: m.stdout(), err: m.stderr() };
};

describe('analytics experiment against scipy', () => {
  it('reports one treatment arm in the documented JSON shape', () => {
    const r = run(['--input', 'experiment.csv', '--control', 'control', '--json']);
    expect([r.code, r.err]).toEqual([0, '']);
    const report: ExperimentReport = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(['arms', 'srm', 'revenue', 'cuped', 'conversion']);
    expect(Object.keys(report.cuped!)).toEqual([
      'theta',
      'diff',
      'ciLow',
      'ciHigh',
      'pValue',
      'varianceReduction',
    ]);
    expect(report.arms.map((a) => [a.arm, a.n])).toEqual(two.arms.map((a) => [a.arm, a.n]));
    report.arms.forEach((a, i) => {
      close(a.mean, two.arms[i]!.mean, `${a.arm} mean`);
      close(a.conversionRate, two.arms[i]!.conversionRate, `${a.arm} conversion`);
    });
    close(report.srm.pValue, two.srm.pValue, 'srm');
    expect(report.srm.mismatch).toBe(false);
    checkComparison(report, two.comparisons[0]!, false);
  });

  it('compares several treatment arms with Holm-adjusted p-values', () => {
    const r = run(['--input', 'experiment3.csv', '--control', 'control', '--json']);
    expect(r.code).toBe(0);
    const report: ExperimentReport = JSON.parse(r.out);
    expect(report.revenue).toBeUndefined();
    expect(report.arms[0]!.arm).toBe('control');
    close(report.srm.pValue, three.srm.pValue, 'srm');
    const byArm = new Map(report.comparisons!.map((c) => [c.arm, c]));
    expect([...byArm.keys()].sort()).toEqual(['coupon', 'points']);
    for (const want of three.comparisons) checkComparison(byArm.get(want.arm)!, want, true);
  });

  it('checks the split against --weights', () => {
    const even = run(['--input', 'experiment.csv', '--control', 'control', '--json']);
    const skewed = run([
      '--input',
      'experiment.csv',
      '--control',
      'control',
      '--weights',
      'control=0.7,treatment=0.3',
      '--json',
    ]);
    expect(JSON.parse(even.out).srm.mismatch).toBe(false);
    const srm = JSON.parse(skewed.out).srm;
    // 420/400 where 574/246 were due: chi-squared ≈ 137 on 1 df
    expect(srm.mismatch).toBe(true);
    expect(srm.pValue).toBeLessThan(1e-20);
  });

  it('prints a readable table without --json', () => {
    const r = run(['--input', 'experiment.csv', '--control', 'control']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("820 members in 2 arms, control 'control'");
    expect(r.out).toMatch(/control\s+420\s+70\.79\s+65\.2%/);
    expect(r.out).toMatch(/treatment\s+400\s+82\.56\s+70\.3%/);
    expect(r.out).toContain('sample ratio  p = 0.4849 against control=0.5, treatment=0.5: ok');
    expect(r.out).toMatch(/revenue\s+\+11\.77 {2}95% CI \[-4\.37, 27\.91\] {2}p = 0\.1525/);
    expect(r.out).toMatch(/CUPED\s+\+11\.38 {2}95% CI \[-0\.19, 22\.95\] {2}p = 0\.0539/);
  });

  it('reads a GBK file with Chinese arm names', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'circles-exp-'));
    try {
      const text = readFileSync(path.join(fixtureDir, 'experiment.csv'), 'utf8')
        .replaceAll(',control,', ',对照组,')
        .replaceAll(',treatment,', ',满减券,');
      await writeFile(path.join(dir, 'gbk.csv'), iconv.encode(text, 'gbk'));
      const out: string[] = [];
      const io: CliIo = { ...nodeIo(dir), stdout: (t) => void out.push(t), stderr: () => {} };
      expect(
        runCli(['experiment', '--input', 'gbk.csv', '--control', '对照组', '--json'], io),
      ).toBe(0);
      const report: ExperimentReport = JSON.parse(out.join(''));
      expect(report.arms.map((a) => a.arm)).toEqual(['对照组', '满减券']);
      close(report.revenue?.pValue, two.comparisons[0]!.revenue.pValue, 'revenue.pValue');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('analytics experiment input errors', () => {
  const header = 'member_id,arm,pre_revenue,revenue,converted';
  const ok = [header, 'M1,a,1,2,1', 'M2,a,3,4,0', 'M3,b,5,6,1', 'M4,b,7,8,0'];

  it.each([
    [
      [header.replace(',pre_revenue', ''), 'M1,a,2,1'],
      'x.csv:1: missing column pre_revenue (header must have member_id,arm,pre_revenue,revenue,converted)',
    ],
    [[...ok, 'M5,c,1,1,0'], "arm 'c' has 1 unit; every arm needs at least 2"],
    [
      [...ok.slice(0, 3), 'M3,b,5,6.5.1,1', 'M4,b,7,8,0'],
      "x.csv:4: revenue '6.5.1' is not a number",
    ],
    [[...ok, 'M9,b,,3,1'], "x.csv:6: pre_revenue '' is not a number"],
    [[...ok, 'M9,b,1,3,yes'], "x.csv:6: converted must be 0 or 1, got 'yes'"],
    [[...ok, 'M2,b,1,3,1'], 'x.csv:6: member_id M2 already appeared on line 3'],
    [[...ok, 'M9,b,"1,3,1'], 'x.csv:6: a quoted field is not closed'],
    [[header], 'x.csv: no data rows after the header'],
  ])('exits 2 with one line for %j', (lines, message) => {
    const r = run(['--input', 'x.csv', '--control', 'a'], { 'x.csv': lines.join('\n') });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`analytics: ${message}\n`);
  });

  it.each([
    ['--control', 'z', "--control 'z' is not an arm in x.csv (arms: a, b)"],
    ['--weights', 'a=0.5', '--weights: no weight for arm b'],
    ['--weights', 'a=0.5,b=zero', "--weights: 'b=zero' is not ARM=WEIGHT"],
    ['--weights', 'a=1,b=-1', "--weights: 'b=-1' is not ARM=WEIGHT"],
    ['--weights', 'a,b', "--weights: 'a' is not ARM=WEIGHT"],
    ['--weights', 'a=1,b=1,c=1', "--weights: arm 'c' is not in x.csv (arms: a, b)"],
    ['--weights', 'a=1,a=2,b=1', "--weights: arm 'a' given twice"],
  ])('exits 2 with one line for %s %s', (flag, value, message) => {
    const argv = ['--input', 'x.csv', '--control', 'a', flag, value];
    if (flag === '--control') argv.splice(2, 2);
    const r = run(argv, { 'x.csv': ok.join('\n') });
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([expect.stringContaining(message), '']);
  });
});
