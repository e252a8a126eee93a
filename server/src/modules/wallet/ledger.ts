import { type Buckets, WALLET_REASON_TEXT, type WalletReason } from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { WalletAccountDoc, WalletEntryDoc, WalletModels } from './wallet.model';

export interface PostInput {
  memberId: Types.ObjectId;
  reason: WalletReason;
  note?: string | null;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  requestHash?: string | null;
  /** The idempotency key of the entry this one refunds (top-up refunds). */
  refOf?: string | null;
  /**
   * The signed change of each bucket against the exact account state it will be applied to;
   * throws (e.g. WALLET_INSUFFICIENT) to refuse. Called again when another writer got first.
   */
  plan(account: WalletAccountDoc): Buckets | Promise<Buckets>;
}

export interface PostResult {
  entry: WalletEntryDoc;
  created: boolean;
}

/** Test seam: lets a test "crash" between writing an entry and applying it. */
export interface LedgerFaults {
  afterInsert?(entry: WalletEntryDoc): Promise<void>;
}

const MAX_ATTEMPTS = 400;
const EMPTY = (memberId: Types.ObjectId): WalletAccountDoc => ({
  _id: memberId,
  seq: 0,
  principal: 0,
  bonus: 0,
  balance: 0,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The wallet ledger, the same protocol as the points ledger:
 *
 *   1. read the account at seq s;
 *   2. plan the entry against it and insert it with seq s + 1 — unique indexes let exactly one
 *      writer claim s + 1, and one writer per idempotency key;
 *   3. apply it with ONE conditional update: {_id, seq: s} → $set the buckets after, seq s + 1.
 *
 * The entry is written before the balance moves and holds the buckets after it, so its apply
 * is exact and happens once whoever completes it (the writer, the next writer for the member
 * colliding on s + 1, or a retry with the same key). The seq condition is stronger than
 * `balance >= cost`: a charge was checked against the exact buckets it is applied to, so
 * neither bucket can go negative and balance == principal + bonus == Σ ledger deltas at every
 * applied seq.
 */
export class WalletLedger {
  constructor(
    private readonly m: WalletModels,
    readonly faults: LedgerFaults = {},
  ) {}

  async account(memberId: Types.ObjectId): Promise<WalletAccountDoc> {
    return (await this.m.Account.findById(memberId).lean()) ?? EMPTY(memberId);
  }

  async byKey(idempotencyKey: string): Promise<WalletEntryDoc | null> {
    const entry = await this.m.Entry.findOne({ idempotencyKey }).lean();
    if (entry) await this.complete(entry);
    return entry;
  }

  /** Writes one entry once per idempotency key; a replay completes and returns the first. */
  async post(input: PostInput): Promise<PostResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const first = await this.byKey(input.idempotencyKey);
      if (first) return { entry: first, created: false };
      const account = await this.account(input.memberId);
      const entry = await this.plan(input, account);
      try {
        const doc = (await this.m.Entry.create(entry)).toObject();
        await this.faults.afterInsert?.(doc);
        await this.apply(doc, account);
        return { entry: doc, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // The key was used meanwhile (next round replays it) or another writer holds s + 1:
        // finish its entry so the account moves on, then plan again.
        const pending = await this.m.Entry.findOne({
          memberId: input.memberId,
          seq: account.seq + 1,
        }).lean();
        if (pending) await this.complete(pending);
        if (attempt > 2) await sleep(Math.random() * Math.min(2 ** attempt, 25));
      }
    }
    throw AppError.of('WALLET_BUSY', '储值账户繁忙，请稍后重试');
  }

  private async plan(
    input: PostInput,
    account: WalletAccountDoc,
  ): Promise<Omit<WalletEntryDoc, '_id' | 'createdAt'>> {
    const d = await input.plan(account);
    const principalAfter = account.principal + d.principal;
    const bonusAfter = account.bonus + d.bonus;
    if (principalAfter < 0 || bonusAfter < 0) {
      throw new Error('a wallet entry must not take a bucket below zero');
    }
    return {
      memberId: input.memberId,
      seq: account.seq + 1,
      reason: input.reason,
      reasonText: WALLET_REASON_TEXT[input.reason],
      principalDelta: d.principal,
      bonusDelta: d.bonus,
      delta: d.principal + d.bonus,
      principalAfter,
      bonusAfter,
      balanceAfter: principalAfter + bonusAfter,
      note: input.note ?? null,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      idempotencyKey: input.idempotencyKey,
      requestHash: input.requestHash ?? null,
      refOf: input.refOf ?? null,
    };
  }

  /** Applies an entry unless the account has already moved past it. */
  async complete(entry: WalletEntryDoc): Promise<void> {
    const account = await this.account(entry.memberId);
    if (account.seq >= entry.seq) return;
    await this.apply(entry, account);
  }

  private async apply(entry: WalletEntryDoc, account: WalletAccountDoc): Promise<void> {
    if (account.seq !== entry.seq - 1) {
      throw new Error(`wallet entry ${entry.seq} planned against another account state`);
    }
    try {
      await this.m.Account.updateOne(
        { _id: entry.memberId, seq: account.seq },
        {
          $set: {
            seq: entry.seq,
            principal: entry.principalAfter,
            bonus: entry.bonusAfter,
            balance: entry.balanceAfter,
          },
        },
        { upsert: account.seq === 0 },
      );
    } catch (err) {
      // Upserting seq 1 raced with another completer that created the account: applied.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
