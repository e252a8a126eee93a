import type { Types } from 'mongoose';
import type { MergeParticipant } from '../members';
import type { WalletLedger } from './ledger';

/**
 * A OneID merge moves the loser's whole wallet (both buckets) to the survivor as a pair of
 * entries; undoing it moves back what was moved, at most what the survivor still holds.
 * Each step has its own idempotency key, so a rerun after a crash finishes the pair.
 */
export class WalletMerge {
  constructor(private readonly ledger: WalletLedger) {}

  private async move(
    from: Types.ObjectId,
    to: Types.ObjectId,
    key: string,
    cap: { principal: number; bonus: number } | null,
  ): Promise<void> {
    let out = await this.ledger.byKey(`${key}:out`);
    if (!out) {
      const acc = await this.ledger.account(from);
      if (acc.balance === 0) return; // nothing to move: no empty entries in the history
      out = (
        await this.ledger.post({
          memberId: from,
          reason: 'merge_out',
          sourceType: 'merge',
          sourceId: key,
          idempotencyKey: `${key}:out`,
          plan: (a) => ({
            principal: -Math.min(a.principal, cap?.principal ?? a.principal),
            bonus: -Math.min(a.bonus, cap?.bonus ?? a.bonus),
          }),
        })
      ).entry;
    }
    const moved = { principal: -out.principalDelta, bonus: -out.bonusDelta };
    if (moved.principal + moved.bonus === 0) return;
    await this.ledger.post({
      memberId: to,
      reason: 'merge_in',
      sourceType: 'merge',
      sourceId: key,
      idempotencyKey: `${key}:in`,
      plan: () => moved,
    });
  }

  participant(): MergeParticipant {
    return {
      name: 'wallet',
      merge: (loser, survivor, mergeKey) =>
        this.move(loser, survivor, `wallet-merge:${mergeKey}`, null),
      unmerge: async (loser, survivor, mergeKey) => {
        const moved = await this.ledger.byKey(`wallet-merge:${mergeKey}:out`);
        if (!moved) return;
        await this.move(survivor, loser, `wallet-merge:${mergeKey}:undo`, {
          principal: -moved.principalDelta,
          bonus: -moved.bonusDelta,
        });
      },
    };
  }
}
