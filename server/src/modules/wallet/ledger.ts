import { type Buckets, WALLET_REASON_TEXT, type WalletReason } from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import {
  type LedgerSpec,
  type Planned,
  type LedgerFaults as SequencedFaults,
  type PostResult as SequencedPostResult,
  SequencedLedger,
} from '../../lib/sequenced-ledger';
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
   * throws (e.g. WALLET_INSUFFICIENT) to refuse. Called again when another writer got first,
   * and after completing an entry a crashed writer left pending, so a refusal is judged on the
   * latest state.
   */
  plan(account: WalletAccountDoc): Buckets | Promise<Buckets>;
}

export type PostResult = SequencedPostResult<WalletEntryDoc>;

/** Test seam: lets a test "crash" between writing an entry and applying it. */
export type LedgerFaults = SequencedFaults<WalletEntryDoc>;

const spec = (m: WalletModels): LedgerSpec<WalletAccountDoc, WalletEntryDoc> => ({
  name: 'wallet',
  Entry: m.Entry,
  Account: m.Account,
  empty: (memberId) => ({ _id: memberId, seq: 0, principal: 0, bonus: 0, balance: 0 }),
  // An entry stores the buckets after it, so applying it needs nothing but the entry.
  fold: (_account, entry) => ({
    principal: entry.principalAfter,
    bonus: entry.bonusAfter,
    balance: entry.balanceAfter,
  }),
  busy: () => AppError.of('WALLET_BUSY', '储值账户繁忙，请稍后重试'),
});

/**
 * The wallet ledger: the shared sequenced-ledger protocol (lib/sequenced-ledger.ts: gap-free
 * seq, one conditional update per entry, idempotency keys, a pending entry completed by the
 * next writer) over two buckets. A charge is planned against the exact buckets it is applied
 * to, so neither can go negative and balance == principal + bonus == Σ ledger deltas at every
 * applied seq.
 */
export class WalletLedger {
  readonly protocol: SequencedLedger<WalletAccountDoc, WalletEntryDoc>;

  constructor(
    m: WalletModels,
    readonly faults: LedgerFaults = {},
  ) {
    this.protocol = new SequencedLedger(spec(m), faults);
  }

  account(memberId: Types.ObjectId): Promise<WalletAccountDoc> {
    return this.protocol.account(memberId);
  }

  /** The entry written under a key (completed if its writer died before applying it). */
  byKey(idempotencyKey: string): Promise<WalletEntryDoc | null> {
    return this.protocol.byKey(idempotencyKey);
  }

  /** Writes one entry once per idempotency key; a replay completes and returns the first. */
  post(input: PostInput): Promise<PostResult> {
    return this.protocol.post(input.memberId, input.idempotencyKey, async (account) =>
      entryOf(input, account, await input.plan(account)),
    );
  }

  /** Applies an entry unless the account has already moved past it. */
  complete(entry: WalletEntryDoc): Promise<void> {
    return this.protocol.complete(entry);
  }
}

function entryOf(input: PostInput, account: WalletAccountDoc, d: Buckets): Planned<WalletEntryDoc> {
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
