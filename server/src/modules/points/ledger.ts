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
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly m: PointsModels,
    private readonly clock: Clock,
    readonly faults: LedgerFaults = {},
  ) {}

  async account(memberId: Types.ObjectId): Promise<PointsAccountDoc> {
    return (await this.m.Account.findById(memberId).lean()) ?? EMPTY(memberId);
  }

  /** Writes one entry once per idempotency key; a replay completes and returns the first. */
  post(input: PostInput): Promise<PostResult> {
    return this.serial(String(input.memberId), () => this.write(input));
  }

  /**
   * One writer per member at a time within this process. Correctness never depends on it (the
   * unique seq does that across instances); it only spares a hot member's concurrent requests
   * the collide-and-retry rounds, which otherwise cost more than the writes themselves.
   */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async write(input: PostInput): Promise<PostResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [first, account] = await Promise.all([
        this.m.Entry.findOne({ idempotencyKey: input.idempotencyKey }).lean(),
        this.account(input.memberId),
      ]);
      if (first) {
        await this.complete(first);
        return { entry: first, created: false };
      }
      let entry: Omit<PointsEntryDoc, '_id' | 'createdAt'>;
      try {
        entry = this.plan(input, account);
      } catch (err) {
        // A refusal must be judged on the latest state: a crashed writer may have left the
        // next entry written but unapplied (a credit this debit could spend). Finish it first.
        if (!(await this.completePending(input.memberId, account.seq))) throw err;
        continue;
      }
      try {
        const doc = (await this.m.Entry.create(entry)).toObject();
        await this.faults.afterInsert?.(doc);
        await this.apply(doc, account);
        return { entry: doc, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Either the key was used meanwhile (next round replays it) or another writer holds
        // seq s + 1: finish its entry so the account moves on, then plan again.
        await this.completePending(input.memberId, account.seq);
        if (attempt > 2) await sleep(Math.random() * Math.min(2 ** attempt, 25));
      }
    }
    throw AppError.of('POINTS_BUSY', '积分账户繁忙，请稍后重试');
  }

  /** The entry `input` makes against `account` (the seq after it, the lots a debit takes). */
  plan(input: PostInput, account: PointsAccountDoc): Omit<PointsEntryDoc, '_id' | 'createdAt'> {
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

  /** Applies the entry after `seq` if one was written; false when there is none. */
  private async completePending(memberId: Types.ObjectId, seq: number): Promise<boolean> {
    const pending = await this.m.Entry.findOne({ memberId, seq: seq + 1 }).lean();
    if (pending) await this.complete(pending);
    return pending !== null;
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
    await this.moveAccount(account, entry.seq, applyToState(account, entry));
  }

  /** The one conditional update: from exactly `from.seq` to `seq` with the folded state. */
  private async moveAccount(from: PointsAccountDoc, seq: number, after: PointsState) {
    const set = {
      seq,
      balance: after.balance,
      lots: after.lots,
      nextExpiry: nextExpiry(after.lots),
    };
    try {
      await this.m.Account.updateOne(
        { _id: from._id, seq: from.seq },
        { $set: set },
        { upsert: from.seq === 0 },
      );
    } catch (err) {
      // Upserting seq 1 raced with another completer that created the account: applied.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /**
   * Credits many lots to one member with one insert and one account update (imports run the
   * earning for every historical order). Same protocol as post: entries s+1…s+k are inserted,
   * then one conditional update moves the account from s to s+k; if the insert is cut short,
   * the next writer completes the entries one by one. Returns how many entries were new.
   */
  creditMany(memberId: Types.ObjectId, inputs: Omit<PostInput, 'memberId'>[]): Promise<number> {
    return this.serial(String(memberId), async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const keys = inputs.map((i) => i.idempotencyKey);
        const [found, account] = await Promise.all([
          this.m.Entry.find(
            { idempotencyKey: { $in: keys } },
            { idempotencyKey: 1, seq: 1 },
          ).lean(),
          this.account(memberId),
        ]);
        if (found.some((e) => e.seq > account.seq)) {
          await this.completePending(memberId, account.seq);
          continue;
        }
        const seen = new Set(found.map((e) => e.idempotencyKey));
        const todo = inputs.filter(
          (i) => !seen.has(i.idempotencyKey) && seen.add(i.idempotencyKey),
        );
        if (todo.length === 0) return 0;
        let at = account;
        let state: PointsState = account;
        const docs = todo.map((i) => {
          const e = this.plan({ ...i, memberId }, at);
          at = { ...at, seq: e.seq, balance: e.balanceAfter };
          state = applyToState(state, e);
          return e;
        });
        try {
          await this.m.Entry.insertMany(docs, { ordered: true });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          await this.completePending(memberId, account.seq);
          continue;
        }
        await this.moveAccount(account, at.seq, state);
        return docs.length;
      }
      throw AppError.of('POINTS_BUSY', '积分账户繁忙，请稍后重试');
    });
  }
}
