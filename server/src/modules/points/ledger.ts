import {
  applyToState,
  nextExpiry,
  POINTS_REASON_TEXT,
  type PointsLot,
  type PointsReason,
  type PointsState,
  planTakes,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
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

export interface PostResult {
  entry: PointsEntryDoc;
  created: boolean;
}

/** Test seam: lets a test "crash" between writing an entry and applying it. */
export interface LedgerFaults {
  afterInsert?(entry: PointsEntryDoc): Promise<void>;
}

const MAX_ATTEMPTS = 400;
const EMPTY = (memberId: Types.ObjectId): PointsAccountDoc => ({
  _id: memberId,
  seq: 0,
  balance: 0,
  lots: [],
  nextExpiry: null,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The points ledger protocol. Every member's entries carry a gap-free sequence number under a
 * unique index {memberId, seq}, and the account document remembers the last applied seq.
 * Writing an entry is:
 *
 *   1. read the account at seq s (state S);
 *   2. plan the entry against S (the debit's lot takes, the balance after) and insert it with
 *      seq s + 1 — the unique indexes let exactly one writer claim s + 1, and one writer per
 *      idempotency key;
 *   3. apply it with ONE conditional update: {_id, seq: s} → $set the state after, seq s + 1.
 *
 * Why this is crash- and retry-safe: the entry is written before the balance moves, and it
 * holds everything needed to apply it. Its apply can only match while the account is still at
 * s, so it happens exactly once no matter how many processes try. If a process dies between
 * 2 and 3, the next writer for that member collides on seq s + 1, completes the pending entry
 * (same conditional update) and carries on; a retry with the same key finds the entry and
 * completes it too. The seq condition is stronger than `balance >= cost`: the debit was
 * checked against the exact state it is applied to, and the FIFO lots change with the
 * balance in the same update, so balance == Σ lots == Σ ledger deltas at every applied seq.
 */
export class PointsLedger {
  constructor(
    private readonly m: PointsModels,
    private readonly clock: Clock,
    readonly faults: LedgerFaults = {},
  ) {}

  async account(memberId: Types.ObjectId): Promise<PointsAccountDoc> {
    return (await this.m.Account.findById(memberId).lean()) ?? EMPTY(memberId);
  }

  /** Writes one entry once per idempotency key; a replay completes and returns the first. */
  async post(input: PostInput): Promise<PostResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const first = await this.m.Entry.findOne({ idempotencyKey: input.idempotencyKey }).lean();
      if (first) {
        await this.complete(first);
        return { entry: first, created: false };
      }
      const account = await this.account(input.memberId);
      const entry = this.plan(input, account);
      try {
        const doc = (await this.m.Entry.create(entry)).toObject();
        await this.faults.afterInsert?.(doc);
        await this.apply(doc, account);
        return { entry: doc, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Either the key was used meanwhile (next round replays it) or another writer holds
        // seq s + 1: finish its entry so the account moves on, then plan again.
        const pending = await this.m.Entry.findOne({
          memberId: input.memberId,
          seq: account.seq + 1,
        }).lean();
        if (pending) await this.complete(pending);
        if (attempt > 2) await sleep(Math.random() * Math.min(2 ** attempt, 25));
      }
    }
    throw AppError.of('POINTS_BUSY', '积分账户繁忙，请稍后重试');
  }

  private plan(
    input: PostInput,
    account: PointsAccountDoc,
  ): Omit<PointsEntryDoc, '_id' | 'createdAt'> {
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
  async complete(entry: PointsEntryDoc): Promise<void> {
    const account = await this.account(entry.memberId);
    if (account.seq >= entry.seq) return;
    await this.apply(entry, account);
  }

  private async apply(entry: PointsEntryDoc, account: PointsAccountDoc): Promise<void> {
    if (account.seq !== entry.seq - 1) {
      throw new Error(`points entry ${entry.seq} planned against another account state`);
    }
    const after: PointsState = applyToState(account, entry);
    const set = {
      seq: entry.seq,
      balance: after.balance,
      lots: after.lots,
      nextExpiry: nextExpiry(after.lots),
    };
    try {
      await this.m.Account.updateOne(
        { _id: entry.memberId, seq: account.seq },
        { $set: set },
        { upsert: account.seq === 0 },
      );
    } catch (err) {
      // Upserting seq 1 raced with another completer that created the account: applied.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
