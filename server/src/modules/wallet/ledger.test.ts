import { splitCharge } from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import { describeLedgerContract, type PostOutcome } from '../../lib/sequenced-ledger.contract';
import { type PostResult, WalletLedger } from './ledger';
import { walletModels } from './wallet.model';

const outcome = ({ entry, created }: PostResult): PostOutcome => ({
  id: String(entry._id),
  created,
  delta: entry.delta,
});

describeLedgerContract('wallet ledger', {
  insufficientCode: 'WALLET_INSUFFICIENT',
  bind(conn) {
    const m = walletModels(conn);
    const base = (memberId: Types.ObjectId, key: string) => ({
      memberId,
      sourceType: 'test',
      sourceId: key,
      idempotencyKey: key,
    });
    return {
      open() {
        const ledger = new WalletLedger(m);
        return {
          faults: ledger.faults,
          // A fifth of every top-up is bonus, so charges split across both buckets.
          credit: async (memberId, amount, key) =>
            outcome(
              await ledger.post({
                ...base(memberId, key),
                reason: 'topup',
                plan: () => ({
                  principal: amount - Math.floor(amount / 5),
                  bonus: Math.floor(amount / 5),
                }),
              }),
            ),
          // The plan a real charge uses (charges.ts): proportional split, refused when short.
          debit: async (memberId, amount, key) =>
            outcome(
              await ledger.post({
                ...base(memberId, key),
                reason: 'charge',
                plan: (acc) => {
                  const take = splitCharge(acc, amount);
                  if (!take) throw AppError.of('WALLET_INSUFFICIENT', 'short');
                  return { principal: -take.principal, bonus: -take.bonus };
                },
              }),
            ),
        };
      },
      async snapshot(memberId) {
        const [account, entries] = await Promise.all([
          new WalletLedger(m).account(memberId),
          m.Entry.find({ memberId }, { seq: 1, delta: 1 }).sort({ seq: 1 }).lean(),
        ]);
        return { balance: account.balance, seq: account.seq, entries };
      },
      async expectOwnInvariant(memberId) {
        const account = await new WalletLedger(m).account(memberId);
        const entries = await m.Entry.find({ memberId, seq: { $lte: account.seq } }).lean();
        expect({ principal: account.principal, bonus: account.bonus }).toEqual({
          principal: entries.reduce((s, e) => s + e.principalDelta, 0),
          bonus: entries.reduce((s, e) => s + e.bonusDelta, 0),
        });
        expect(account.principal + account.bonus).toBe(account.balance);
        expect(Math.min(account.principal, account.bonus)).toBeGreaterThanOrEqual(0);
      },
    };
  },
});
