import type { WalletEntryView } from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { WalletEntryDoc } from './wallet.model';
import { canonicalHash, entryView } from './views';
import type { WalletService } from './wallet.service';

export interface WalletAdjustInput {
  memberId: Types.ObjectId;
  /** principal = 本金 (paid in by the member), bonus = 赠送金 (given by the brand). */
  bucket: 'principal' | 'bonus';
  /** Signed fen, ≠ 0. */
  delta: number;
  reason: string;
  /** Who asked (the admin's username), kept as the entry's source. */
  by: string;
  /** The caller's key; namespaced per member here. */
  idempotencyKey: string;
}

export interface WalletAdjustResult {
  entry: WalletEntryView;
  /** The key had been applied before: nothing changed now (callers audit only new entries). */
  replayed: boolean;
}

/** A replay must carry what the first request carried (bucket, amount, reason). */
function assertSame(entry: WalletEntryDoc, requestHash: string, key: string): void {
  if (entry.reason === 'adjust' && entry.requestHash === requestHash) return;
  throw AppError.of('IDEMPOTENCY_CONFLICT', `幂等键 ${key} 已用于内容不同的请求`, {
    fields: [{ path: 'body.idempotencyKey', message: '该幂等键已用于内容不同的调整' }],
  });
}

/**
 * Manual corrections of one wallet bucket (人工调整), as ledger entries like every other change:
 * planned against the exact account state, so a debit can never take the bucket below zero
 * (409 WALLET_INSUFFICIENT naming `body.delta`), and written once per idempotency key (a
 * replay with a different body is 409 IDEMPOTENCY_CONFLICT).
 */
export class WalletAdjustments {
  constructor(
    private readonly wallet: WalletService,
    private readonly members: MembersService,
  ) {}

  async adjust(input: WalletAdjustInput): Promise<WalletAdjustResult> {
    if (!Number.isSafeInteger(input.delta) || input.delta === 0) {
      throw new Error('a wallet adjustment needs a non-zero whole number of fen');
    }
    const member = await this.members.require(input.memberId);
    const idempotencyKey = `wallet-adjust:${member._id}:${input.idempotencyKey}`;
    const requestHash = canonicalHash({
      op: 'adjust',
      memberId: String(member._id),
      bucket: input.bucket,
      delta: input.delta,
      reason: input.reason,
    });
    // The ledger looks the key up before planning (and completes an entry a crashed writer left
    // unapplied), so a replayed debit is answered, never refused for money it already took.
    const { entry, created } = await this.wallet.ledger.post({
      memberId: member._id,
      reason: 'adjust',
      note: input.reason,
      sourceType: 'admin_adjust',
      sourceId: input.by,
      idempotencyKey,
      requestHash,
      plan: (account) => {
        const available = account[input.bucket];
        if (available + input.delta < 0) {
          const label = input.bucket === 'principal' ? '本金' : '赠送金';
          const message = `${label}余额不足（可用 ${available} 分，需扣减 ${-input.delta} 分）`;
          throw AppError.of('WALLET_INSUFFICIENT', message, {
            bucket: input.bucket,
            available,
            required: -input.delta,
            fields: [{ path: 'body.delta', message }],
          });
        }
        return input.bucket === 'principal'
          ? { principal: input.delta, bonus: 0 }
          : { principal: 0, bonus: input.delta };
      },
    });
    if (!created) assertSame(entry, requestHash, input.idempotencyKey);
    return { entry: entryView(entry), replayed: !created };
  }

  /** Up to `limit` applied entries written at or before `at`, newest first (timelines). */
  async entriesBefore(
    memberId: Types.ObjectId,
    at: Date | null,
    limit: number,
  ): Promise<WalletEntryView[]> {
    const account = await this.wallet.ledger.account(memberId);
    const filter = {
      memberId,
      seq: { $lte: account.seq },
      ...(at ? { createdAt: { $lte: at } } : {}),
    };
    const rows = await this.wallet.m.Entry.find(filter)
      .sort({ createdAt: -1, seq: -1 })
      .limit(limit)
      .lean();
    return rows.map(entryView);
  }
}
