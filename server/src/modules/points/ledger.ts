import {
  applyToState,
  nextExpiry,
  POINTS_REASON_TEXT,
  type PointsLot,
  type PointsReason,
  planTakes,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import {
  type LedgerSpec,
  type Planned,
  type PostResult as SequencedPostResult,
  type LedgerFaults as SequencedFaults,
  SequencedLedger,
} from '../../lib/sequenced-ledger';
import type { PointsAccountDoc, PointsEntryDoc, PointsModels } from './points.model';

export interface PostInput {
  memberId: Types.ObjectId;
  /** Positive: a credit (a new lot). Negative: a debit. */
  delta: number;
  reason: PointsReason;
  note?: string | null;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  /** Credits: when the lot expires. */
  expiresAt?: Date;
  /** Debits: only these lots may be taken (expiry of one lot, merge undo). */
  only?: (lot: PointsLot) => boolean;
  /**
   * Debits: 'strict' refuses with POINTS_INSUFFICIENT; 'available' takes what the usable lots
   * hold and records the rest as `shortfall` (refund reversals: the balance never goes below 0).
   */
  mode?: 'strict' | 'available';
  /** Debits: lots expired at this instant are not spendable (default: now; expiry passes null). */
  spendableAt?: Date | null;
}

export type PostResult = SequencedPostResult<PointsEntryDoc>;

/** Test seam: lets a test "crash" between writing an entry and applying it. */
export type LedgerFaults = SequencedFaults<PointsEntryDoc>;

const spec = (m: PointsModels): LedgerSpec<PointsAccountDoc, PointsEntryDoc> => ({
  name: 'points',
  Entry: m.Entry,
  Account: m.Account,
  empty: (memberId) => ({ _id: memberId, seq: 0, balance: 0, lots: [], nextExpiry: null }),
  // Debits record which lots they take, not the lots after: the FIFO lots are folded from the
  // state the debit was planned on, so balance == Σ lots == Σ ledger deltas at every seq.
  fold: (account, entry) => {
    const after = applyToState(account, entry);
    return { balance: after.balance, lots: after.lots, nextExpiry: nextExpiry(after.lots) };
  },
  busy: () => AppError.of('POINTS_BUSY', '积分账户繁忙，请稍后重试'),
});

/**
 * The points ledger: the shared sequenced-ledger protocol (lib/sequenced-ledger.ts: gap-free
 * seq, one conditional update per entry, idempotency keys, a pending entry completed by the
 * next writer) with points' own planning — FIFO lots by expiry, strict or "what is available"
 * debits, and lots that stop being spendable when they expire.
 */
export class PointsLedger {
  readonly protocol: SequencedLedger<PointsAccountDoc, PointsEntryDoc>;

  constructor(
    m: PointsModels,
    private readonly clock: Clock,
    readonly faults: LedgerFaults = {},
  ) {
    this.protocol = new SequencedLedger(spec(m), faults);
  }

  account(memberId: Types.ObjectId): Promise<PointsAccountDoc> {
    return this.protocol.account(memberId);
  }

  /** Writes one entry once per idempotency key; a replay completes and returns the first. */
  post(input: PostInput): Promise<PostResult> {
    return this.protocol.post(input.memberId, input.idempotencyKey, (account) =>
      this.plan(input, account),
    );
  }

  /** The entry `input` makes against `account` (the seq after it, the lots a debit takes). */
  plan(input: PostInput, account: PointsAccountDoc): Planned<PointsEntryDoc> {
    const seq = account.seq + 1;
    const base = {
      memberId: input.memberId,
      seq,
      reason: input.reason,
      reasonText: POINTS_REASON_TEXT[input.reason],
      note: input.note ?? null,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      idempotencyKey: input.idempotencyKey,
    };
    if (input.delta > 0) {
      if (!input.expiresAt) throw new Error('a points credit needs expiresAt');
      return {
        ...base,
        delta: input.delta,
        expiresAt: input.expiresAt,
        takes: [],
        balanceAfter: account.balance + input.delta,
        shortfall: 0,
      };
    }
    const at = input.spendableAt === undefined ? this.clock.now() : input.spendableAt;
    const usable = (l: PointsLot) =>
      (at === null || l.expiresAt > at) && (input.only ? input.only(l) : true);
    const wanted = -input.delta;
    const available = account.lots.filter(usable).reduce((s, l) => s + l.remaining, 0);
    if (wanted > available && input.mode !== 'available') {
      throw AppError.of('POINTS_INSUFFICIENT', `积分不足（可用 ${available}，需要 ${wanted}）`, {
        available,
        required: wanted,
      });
    }
    const amount = Math.min(wanted, available);
    const takes = planTakes(account.lots, amount, usable) ?? [];
    return {
      ...base,
      delta: -amount,
      expiresAt: null,
      takes,
      balanceAfter: account.balance - amount,
      shortfall: wanted - amount,
    };
  }

  /** Applies an entry unless the account has already moved past it. */
  complete(entry: PointsEntryDoc): Promise<void> {
    return this.protocol.complete(entry);
  }

  /**
   * Credits many lots to one member with one insert and one account update (imports run the
   * earning for every historical order); see SequencedLedger.postMany. Returns how many
   * entries were new.
   */
  creditMany(memberId: Types.ObjectId, inputs: Omit<PostInput, 'memberId'>[]): Promise<number> {
    return this.protocol.postMany(memberId, inputs, (account, input) =>
      this.plan({ ...input, memberId }, account),
    );
  }
}
