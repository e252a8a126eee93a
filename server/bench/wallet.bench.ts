// Wallet (储值) ledger write benchmark. Run:
//   npm run bench:wallet -w server [-- --writes 4000 --members 2000 --concurrency 16]
// Posts top-up and charge entries through the wallet ledger (the same plan a charge uses:
// proportional split, refused when short) against a fresh in-memory embedded engine (or
// MONGODB_URI when set) and prints entries per second: one member written by many requests at
// once (every write contends for the same account and seq), and the load spread over many
// members. Ends by checking principal/bonus/balance == Σ ledger for every account touched.
import { splitCharge } from '@circles/shared';
import { Types } from 'mongoose';
import { fmt, line, openLedgerBench, pool, report } from './ledger-harness';
import type { WalletService } from '../src/modules/wallet';

/** Alternates top-ups of 1 100 (1 000 + 100 bonus) and charges of 700. */
async function scenario(
  wallet: WalletService,
  label: string,
  memberIds: Types.ObjectId[],
  writes: number,
  concurrency: number,
): Promise<void> {
  const run = new Types.ObjectId().toHexString();
  const t = performance.now();
  await pool(writes, concurrency, async (i) => {
    const memberId = memberIds[i % memberIds.length]!;
    const topUp = Math.floor(i / memberIds.length) % 2 === 0;
    await wallet.ledger.post({
      memberId,
      reason: topUp ? 'topup' : 'charge',
      sourceType: 'bench',
      sourceId: run,
      idempotencyKey: `${run}:${i}`,
      plan: (acc) => {
        if (topUp) return { principal: 1_000, bonus: 100 };
        const take = splitCharge(acc, 700);
        if (!take) throw new Error('bench: short wallet');
        return { principal: -take.principal, bonus: -take.bonus };
      },
    });
  });
  report(label, writes, t, concurrency);
}

async function main(): Promise<void> {
  const { c, writes, members, concurrency } = await openLedgerBench('wallet ledger benchmark');
  const { wallet } = c.services;
  try {
    await wallet.m.Entry.init();
    await wallet.m.Account.init();
    const hot = [new Types.ObjectId()];
    const many = Array.from({ length: members }, () => new Types.ObjectId());
    // The hot member alternates top-up/charge per write, so charges can't run ahead of top-ups
    // only when sequential; under concurrency start it with a float.
    await wallet.ledger.post({
      memberId: hot[0]!,
      reason: 'topup',
      sourceType: 'bench',
      sourceId: 'float',
      idempotencyKey: `float:${hot[0]}`,
      plan: () => ({ principal: 10_000_000, bonus: 1_000_000 }),
    });
    await scenario(wallet, 'single member, sequential', hot, Math.min(writes, 1000), 1);
    await scenario(wallet, 'single member hot spot', hot, writes, concurrency);
    await scenario(wallet, `${fmt(members)} members`, many, writes, concurrency);
    let bad = 0;
    for (const id of [...hot, ...many]) {
      const acc = await wallet.ledger.account(id);
      const sum = await wallet.ledgerSum(id);
      if (acc.balance !== sum || acc.balance !== acc.principal + acc.bonus) bad++;
    }
    line('accounts where balance != Σ ledger', String(bad));
    if (bad > 0) process.exitCode = 1;
  } finally {
    await c.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
