import type { Types } from 'mongoose';
import { systemClock } from '../../lib/clock';
import { describeLedgerContract, type PostOutcome } from '../../lib/sequenced-ledger.contract';
import { PointsLedger, type PostResult } from './ledger';
import { pointsModels } from './points.model';

const YEAR_MS = 365 * 86_400_000;
const outcome = ({ entry, created }: PostResult): PostOutcome => ({
  id: String(entry._id),
  created,
  delta: entry.delta,
});

describeLedgerContract('points ledger', {
  insufficientCode: 'POINTS_INSUFFICIENT',
  bind(conn) {
    const m = pointsModels(conn);
    const base = (memberId: Types.ObjectId, key: string) => ({
      memberId,
      sourceType: 'test',
      sourceId: key,
      idempotencyKey: key,
    });
    return {
      open() {
        const ledger = new PointsLedger(m, systemClock);
        return {
          faults: ledger.faults,
          credit: async (memberId, amount, key) =>
            outcome(
              await ledger.post({
                ...base(memberId, key),
                delta: amount,
                reason: 'grant',
                expiresAt: new Date(Date.now() + YEAR_MS),
              }),
            ),
          debit: async (memberId, amount, key) =>
            outcome(
              await ledger.post({ ...base(memberId, key), delta: -amount, reason: 'deduct' }),
            ),
        };
      },
      async snapshot(memberId) {
        const [account, entries] = await Promise.all([
          new PointsLedger(m, systemClock).account(memberId),
          m.Entry.find({ memberId }, { seq: 1, delta: 1 }).sort({ seq: 1 }).lean(),
        ]);
        return { balance: account.balance, seq: account.seq, entries };
      },
      async expectOwnInvariant(memberId) {
        const account = await new PointsLedger(m, systemClock).account(memberId);
        expect(account.lots.reduce((s, l) => s + l.remaining, 0)).toBe(account.balance);
        expect(account.lots.every((l) => l.remaining > 0)).toBe(true);
      },
    };
  },
});
