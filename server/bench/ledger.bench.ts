// Points ledger write benchmark. Run:
//   npm run bench:ledger -w server [-- --writes 4000 --members 2000 --concurrency 16]
// Writes credit/debit entries through PointsService against a fresh in-memory embedded engine
// (or MONGODB_URI when set) and prints entries per second: one member written by many requests
// at once (every write contends for the same account and seq), and the same load spread over
// many members. Ends by checking balance == Σ ledger for every account touched.
import { Types } from 'mongoose';
import { fmt, line, openLedgerBench, pool, report } from './ledger-harness';
import type { PointsService } from '../src/modules/points';
import { PointsLedger } from '../src/modules/points/ledger';

/** Alternates credits of 10 and debits of 3, so debits always find points and lots churn. */
async function scenario(
  points: PointsService,
  label: string,
  memberIds: Types.ObjectId[],
  writes: number,
  concurrency: number,
  /** Extra ledgers standing for other server instances (no shared in-process queue). */
  instances: PointsLedger[] = [],
): Promise<void> {
  const run = new Types.ObjectId().toHexString();
  const t = performance.now();
  await pool(writes, concurrency, async (i) => {
    const memberId = memberIds[i % memberIds.length]!;
    const round = Math.floor(i / memberIds.length);
    const base = { memberId, sourceType: 'bench', sourceId: run, idempotencyKey: `${run}:${i}` };
    if (instances.length > 0) {
      const ledger = instances[i % instances.length]!;
      const credit = round % 2 === 0;
      await ledger.post({
        ...base,
        delta: credit ? 10 : -3,
        reason: credit ? 'grant' : 'deduct',
        expiresAt: credit ? new Date(Date.now() + 365 * 86_400_000) : undefined,
      });
    } else if (round % 2 === 0) await points.credit({ ...base, points: 10, reason: 'grant' });
    else await points.debit({ ...base, points: 3, reason: 'deduct' });
  });
  report(label, writes, t, concurrency);
}

async function main(): Promise<void> {
  const { c, writes, members, concurrency } = await openLedgerBench('points ledger benchmark');
  const { points } = c.services;
  try {
    await points.m.Entry.init();
    await points.m.Account.init();
    const hot = [new Types.ObjectId()];
    const many = Array.from({ length: members }, () => new Types.ObjectId());
    await scenario(points, 'single member, sequential', hot, Math.min(writes, 1000), 1);
    await scenario(points, 'single member hot spot', hot, writes, concurrency);
    const four = Array.from({ length: 4 }, () => new PointsLedger(points.m, c.clock));
    const hot4 = [new Types.ObjectId()];
    // Instances race, so a debit may land before "its" credit: start with points to spend.
    await points.credit({
      memberId: hot4[0]!,
      points: 1_000_000,
      reason: 'grant',
      sourceType: 'bench',
      sourceId: 'prefund',
      idempotencyKey: `prefund:${hot4[0]}`,
    });
    await scenario(
      points,
      'single member, 4 instances racing',
      hot4,
      writes / 4,
      concurrency,
      four,
    );
    await scenario(points, `${fmt(members)} members`, many, writes, concurrency);
    let bad = 0;
    for (const id of [...hot, ...hot4, ...many]) {
      const r = await points.reconcile(id);
      if (r.balance !== r.ledgerSum || r.balance !== r.lotSum) bad++;
    }
    line('accounts where balance != Σ ledger', String(bad));
    // Every credit is a lot and the account rewrites its lots on each write: the hot account's
    // lot count explains most of its cost.
    line(
      'lots held by the hot-spot account',
      String((await points.ledger.account(hot[0]!)).lots.length),
    );
    if (bad > 0) process.exitCode = 1;
  } finally {
    await c.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
