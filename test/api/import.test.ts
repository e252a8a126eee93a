import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importOrdersFile } from '@circles/server/src/modules/import/importer';
import { COLUMNS } from '@circles/server/src/modules/import/rows';
import { writeSampleOrdersCsv } from '@circles/server/src/modules/import/sample';
import { DEFAULT_TIERS, growthForSpend, tierForGrowth } from '@circles/shared';
import { startTestApp, type TestApp } from './helpers/app';
import { snapshot } from './helpers/import';
import { signedPost } from './helpers/member';

const quiet = { progress: null, reportPath: null } as const;
const YEAR = 365 * 86_400_000;
const col = (c: string) => COLUMNS.indexOf(c as (typeof COLUMNS)[number]);

/** What the file says each member (keyed by their first orderNo) must end up with. */
function expectedFromCsv(text: string, now: Date) {
  const byRef = new Map<
    string,
    { first: string; orders: number; spend: number; growth: number; windowGrowth: number }
  >();
  let last = '';
  for (const line of text.trim().split('\n').slice(1)) {
    const c = line.split(',');
    if (c[0] === last) continue; // later lines of the same order
    last = c[0]!;
    const ref = ['memberNo', 'phone', 'unionid', 'openid'].map((k) => c[col(k)]).join('|');
    const e = byRef.get(ref) ?? { first: last, orders: 0, spend: 0, growth: 0, windowGrowth: 0 };
    const amount = Number(c[col('amount')]);
    e.orders++;
    e.spend += amount;
    e.growth += growthForSpend(amount);
    if (now.getTime() - new Date(c[col('paidAt')]!).getTime() < YEAR)
      e.windowGrowth += growthForSpend(amount);
    byRef.set(ref, e);
  }
  return new Map([...byRef.values()].map((e) => [e.first, e]));
}

describe('bulk order import', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = await mkdtemp(path.join(os.tmpdir(), 'circles-import-test-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sample = async (name: string, lines: number, members: number, seed: number) => {
    const file = path.join(dir, `${name}.csv`);
    const stats = await writeSampleOrdersCsv(file, { lines, members, seed, prefix: name });
    return { file, stats };
  };

  it('imports a CSV with the API rules: members, orders, growth, totals and tiers', async () => {
    const { file, stats } = await sample('A', 1500, 300, 5);
    const s = await importOrdersFile(t.container, file, { ...quiet, batchSize: 100 });
    expect(s).toMatchObject({ imported: stats.orders, duplicate: 0, rejected: 0, records: 1500 });

    const expected = expectedFromCsv(await readFile(file, 'utf8'), t.container.clock.now());
    const got = await snapshot(t, 'A');
    expect(got.orders).toBe(stats.orders);
    expect(got.growthEntries).toBe(stats.orders);
    expect(got.members.size).toBe(expected.size);
    let aboveBase = 0;
    for (const [key, e] of expected) {
      const tierCode = tierForGrowth(DEFAULT_TIERS, e.windowGrowth).code;
      expect([key, got.members.get(key)]).toEqual([
        key,
        { totalSpend: e.spend, orderCount: e.orders, growth: e.growth, tierCode, chain: true },
      ]);
      if (tierCode !== 'normal') aboveBase++;
    }
    expect(aboveBase).toBeGreaterThan(10);
  });

  it('answers an API replay of an imported order as the same order (same body hash)', async () => {
    const rows = (await readFile(path.join(dir, 'A.csv'), 'utf8')).trim().split('\n').slice(1);
    const first = rows.map((r) => r.split(',')).filter((c, _, all) => c[0] === all[0]![0]);
    const h = first[0]!;
    const ref = ['memberNo', 'phone', 'unionid', 'openid'].find((k) => h[col(k)] !== '')!;
    const body = {
      orderNo: h[col('orderNo')],
      member: { [ref]: h[col(ref)] },
      channel: h[col('channel')],
      ...(h[col('storeCode')] ? { storeCode: h[col('storeCode')] } : {}),
      ...(h[col('consultantUserId')] ? { consultantUserId: h[col('consultantUserId')] } : {}),
      paidAt: h[col('paidAt')],
      amount: Number(h[col('amount')]),
      items: first.map((c) => ({
        sku: c[col('sku')],
        name: c[col('name')],
        category: c[col('category')],
        quantity: Number(c[col('quantity')]),
        unitPrice: Number(c[col('unitPrice')]),
      })),
    };
    const before = await snapshot(t, 'A');
    const res = await signedPost(t, '/api/integrations/orders', body).expect(200);
    expect(res.body).toMatchObject({ orderNo: body.orderNo, status: 'paid' });
    const after = await snapshot(t, 'A');
    expect(after).toEqual(before);
    const changed = await signedPost(t, '/api/integrations/orders', {
      ...body,
      amount: body.amount + 100,
    });
    expect(changed.status).toBe(409);
  });

  it('imports nothing on a rerun and counts every order as a duplicate', async () => {
    const file = path.join(dir, 'A.csv');
    const before = await snapshot(t, 'A');
    const s = await importOrdersFile(t.container, file, { ...quiet, batchSize: 70 });
    expect(s).toMatchObject({
      imported: 0,
      duplicate: before.orders,
      rejected: 0,
      resumedAtLine: null,
    });
    expect(await snapshot(t, 'A')).toEqual(before);
  });

  it('rejects bad rows with their line numbers and reasons, and imports the rest', async () => {
    const a = (await readFile(path.join(dir, 'A.csv'), 'utf8')).split('\n')[1]!.split(',');
    const conflicting = [...a];
    conflicting[COLUMNS.indexOf('amount')] = String(Number(a[COLUMNS.indexOf('amount')]) + 1);
    const at = '2025-05-01T10:00:00+08:00';
    const good = (no: string, ref = ',,,o-good') =>
      `${no},${ref},store,SH01,,${at},29900,SK1,"围巾, 羊绒",配饰,1,29900`;
    const lines = [
      COLUMNS.join(','),
      good('G1'), // 2
      `${good('G2')}`, // 3
      `G2,,,,,,,,,,SK2,腰带,配饰,1,5900`, // 4: second line of G2
      conflicting.join(','), // 5: known orderNo, different body
      'B1,,,,o-bad,store,SH01', // 6: too few columns
      `B2,,13800001111,,o-two,store,SH01,,${at},100,S,n,c,1,100`, // 7: two member refs
      `B3,,,,o-b3,shop,SH01,,${at},100,S,n,c,1,100`, // 8: unknown channel
      `B4,,,,o-b4,store,SH01,,${at},100,S,n,c,1,100`, // 9
      `B4,,,,o-b4,store,SH01,,${at},100,S,n,c,0,100`, // 10: quantity 0 on the order's 2nd line
      `B5,,,,o-b5,store,SH01,,${at},100,S,n,c,1,100`, // 11
      `B5,,,,o-b5,tmall,SH01,,${at},100,S,n,c,1,100`, // 12: contradicts the first line
      `B6,M99999999,,,,store,SH01,,${at},100,S,n,c,1,100`, // 13: unknown member number
      good('G3', ',13800002222,,'), // 14
    ];
    const file = path.join(dir, 'bad.csv');
    await writeFile(file, `${lines.join('\r\n')}\r\n`);
    const s = await importOrdersFile(t.container, file, { progress: null, batchSize: 3 });
    expect(s).toMatchObject({ imported: 3, duplicate: 0, rejected: 7 });
    const reasons = Object.fromEntries(
      s.rejections.map((r) => [r.line, `${r.orderNo} ${r.reason}`]),
    );
    expect(reasons).toEqual({
      5: expect.stringMatching(/ORDER_CONFLICT/),
      6: 'B1 expected 15 columns, got 7',
      7: expect.stringMatching(/^B2 member: .*exactly one/),
      8: expect.stringMatching(/^B3 channel: /),
      10: expect.stringMatching(/^B4 items\.1\.quantity: /),
      12: "B5 channel differs from the order's first line",
      13: expect.stringMatching(/^B6 MEMBER_NOT_FOUND/),
    });
    const report = JSON.parse(await readFile(`${file}.report.json`, 'utf8'));
    expect(report).toMatchObject({ imported: 3, rejected: 7, records: 13 });
    expect(report.rejections.map((r: { line: number }) => r.line)).toEqual([
      5, 6, 7, 8, 10, 12, 13,
    ]);
    const g2 = await t.container.services.orders.m.Order.findOne({ orderNo: 'G2' }).lean();
    expect(g2).toMatchObject({ amount: 29900, items: [{ name: '围巾, 羊绒' }, { name: '腰带' }] });
    const phone = await t.container.services.orders.m.Order.findOne({ orderNo: 'G3' }).lean();
    const member = await t.container.services.members.require(phone!.memberId);
    expect(t.container.services.members.phoneOf(member)).toBe('13800002222');
  });

  it('resumes after crashes mid-batch and ends exactly like a clean import', async () => {
    const { file, stats } = await sample('C', 2000, 400, 9);
    const crashAt = (batch: number, step: string) => (s: string, n: number) => {
      if (n === batch && s === step)
        throw new Error(`simulated crash before ${step} of batch ${n}`);
    };
    await expect(
      importOrdersFile(t.container, file, {
        ...quiet,
        batchSize: 80,
        beforeStep: crashAt(3, 'growth'),
      }),
    ).rejects.toThrow(/simulated crash/);
    await expect(
      importOrdersFile(t.container, file, {
        ...quiet,
        batchSize: 50,
        beforeStep: crashAt(2, 'tiers'),
      }),
    ).rejects.toThrow(/simulated crash/);
    const s = await importOrdersFile(t.container, file, { ...quiet, batchSize: 120 });
    expect(s.resumedAtLine).toBeGreaterThan(2);
    expect(s).toMatchObject({ imported: stats.orders, duplicate: 0, rejected: 0, records: 2000 });

    const clean = await startTestApp();
    try {
      const c = await importOrdersFile(clean.container, file, { ...quiet, batchSize: 500 });
      expect(c.imported).toBe(stats.orders);
      // Tier histories may take different steps (batches differ); the chain check covers them.
      expect(await snapshot(t, 'C')).toEqual(await snapshot(clean, 'C'));
    } finally {
      await clean.close();
    }
  });
});
