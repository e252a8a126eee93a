import { splitCharge, splitChargeRefund, type WalletReason } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError, isAppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembersService } from '../members';
import type { WalletLedger } from './ledger';
import {
  type ChargeRefundResult,
  type ChargeResult,
  canonicalHash,
  chargeResult,
  chargeStatus,
  entryView,
} from './views';
import type { ChargeDoc, ChargeRefundDoc, WalletEntryDoc, WalletModels } from './wallet.model';

export interface ChargeInput {
  memberId: Types.ObjectId;
  /** Fen, > 0. */
  amount: number;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  /** Shown on receipts and used by refunds' answers (default: sourceId). */
  chargeNo?: string;
  storeCode?: string | null;
  orderNo?: string | null;
  note?: string | null;
  /** Hash of the caller's request; default: a hash of the fields above. */
  requestHash?: string;
}

export interface ChargeRefundInput {
  /** The idempotencyKey the charge was made with. */
  chargeKey: string;
  refundNo: string;
  /** Fen, > 0; partial refunds allowed, never beyond what is left of the charge. */
  amount: number;
  reason: string;
  idempotencyKey: string;
}

const MAX_ATTEMPTS = 20;

const insufficient = (available: number, required: number) =>
  AppError.of('WALLET_INSUFFICIENT', `储值余额不足（可用 ${available} 分，需要 ${required} 分）`, {
    available,
    required,
  });

export const conflict = (key: string) =>
  AppError.of('IDEMPOTENCY_CONFLICT', `幂等键 ${key} 已用于内容不同的请求`);

/** A replayed key must carry the same request; otherwise the first answer is not the answer. */
export function sameRequest(entry: WalletEntryDoc, reason: WalletReason, requestHash: string) {
  if (entry.reason !== reason || entry.requestHash !== requestHash) {
    throw conflict(entry.idempotencyKey);
  }
}

/**
 * Charges (储值消费) and their refunds. A charge is a ledger entry first (the balance check
 * and the bucket split happen against the exact account state), then a charge document that
 * remembers the split; refunds move the charge's refunded totals with one conditional update
 * and then post their ledger entry, so a retry after a crash completes the missing step.
 */
export class WalletCharges {
  constructor(
    private readonly m: WalletModels,
    private readonly ledger: WalletLedger,
    private readonly members: MembersService,
    private readonly clock: Clock,
  ) {}

  async charge(input: ChargeInput): Promise<ChargeResult> {
    const requestHash =
      input.requestHash ??
      canonicalHash({
        op: 'charge',
        memberId: String(input.memberId),
        amount: input.amount,
        sourceType: input.sourceType,
        sourceId: input.sourceId,
      });
    const first = await this.ledger.byKey(input.idempotencyKey);
    if (first) {
      sameRequest(first, 'charge', requestHash);
      return this.record(first, input);
    }
    await this.replayRefusal(input.idempotencyKey, requestHash);
    const member = await this.members.require(input.memberId);
    const posted = await this.ledger
      .post({
        memberId: member._id,
        reason: 'charge',
        note: input.note ?? null,
        sourceType: input.sourceType,
        sourceId: input.sourceId,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        plan: (acc) => {
          const take = splitCharge(acc, input.amount);
          if (!take) throw insufficient(acc.balance, input.amount);
          return { principal: -take.principal, bonus: -take.bonus };
        },
      })
      .catch((err: unknown) => this.rememberRefusal(err, input.idempotencyKey, requestHash));
    const { entry, created } = posted;
    if (!created) sameRequest(entry, 'charge', requestHash);
    return this.record(entry, input);
  }

  /** A charge number refused before answers the same refusal (or a conflict for another request). */
  private async replayRefusal(key: string, requestHash: string): Promise<void> {
    const refused = await this.m.ChargeRefusal.findOne({ key }).lean();
    if (!refused) return;
    if (refused.requestHash !== requestHash) throw conflict(key);
    throw insufficient(refused.available, refused.required);
  }

  /** Keeps a balance refusal under the charge's key (first one wins), then rethrows. */
  private async rememberRefusal(err: unknown, key: string, requestHash: string): Promise<never> {
    if (isAppError(err) && err.code === 'WALLET_INSUFFICIENT') {
      const d = err.details as { available: number; required: number };
      await this.m.ChargeRefusal.updateOne(
        { key },
        {
          $setOnInsert: {
            requestHash,
            available: d.available,
            required: d.required,
            at: this.clock.now(),
          },
        },
        { upsert: true },
      ).catch((e: unknown) => {
        if (!isDuplicateKey(e)) throw e;
      });
      // Concurrent identical retries all answer with the refusal that was kept.
      await this.replayRefusal(key, requestHash);
    }
    throw err;
  }

  /** Writes (once) the charge document of a charge entry and answers with it. */
  private async record(entry: WalletEntryDoc, input: ChargeInput): Promise<ChargeResult> {
    const doc = await this.ensure(entry, {
      chargeNo: input.chargeNo ?? input.sourceId,
      storeCode: input.storeCode ?? null,
      orderNo: input.orderNo ?? null,
    });
    return chargeResult(doc, {
      _id: entry.memberId,
      seq: entry.seq,
      principal: entry.principalAfter,
      bonus: entry.bonusAfter,
      balance: entry.balanceAfter,
    });
  }

  private async ensure(
    entry: WalletEntryDoc,
    extra: Pick<ChargeDoc, 'chargeNo' | 'storeCode' | 'orderNo'>,
  ): Promise<ChargeDoc> {
    const found = await this.m.Charge.findOne({ key: entry.idempotencyKey }).lean();
    if (found) return found;
    try {
      return (
        await this.m.Charge.create({
          key: entry.idempotencyKey,
          ...extra,
          memberId: entry.memberId,
          amount: -entry.delta,
          principal: -entry.principalDelta,
          bonus: -entry.bonusDelta,
          refundedPrincipal: 0,
          refundedBonus: 0,
          refunds: [],
        })
      ).toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const raced = await this.m.Charge.findOne({ key: entry.idempotencyKey }).lean();
      if (!raced) throw err;
      return raced;
    }
  }

  async find(chargeKey: string): Promise<ChargeDoc> {
    const doc = await this.m.Charge.findOne({ key: chargeKey }).lean();
    if (doc) return doc;
    // A crash may have left the charge entry without its document.
    const entry = await this.ledger.byKey(chargeKey);
    if (entry?.reason !== 'charge') {
      throw AppError.of('WALLET_CHARGE_NOT_FOUND', '储值消费记录不存在');
    }
    return this.ensure(entry, { chargeNo: entry.sourceId, storeCode: null, orderNo: null });
  }

  async refund(input: ChargeRefundInput): Promise<ChargeRefundResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const charge = await this.find(input.chargeKey);
      const existing = charge.refunds.find((r) => r.key === input.idempotencyKey);
      if (existing) {
        if (
          existing.amount !== input.amount ||
          existing.reason !== input.reason ||
          existing.refundNo !== input.refundNo
        ) {
          throw conflict(input.idempotencyKey);
        }
        return this.apply(charge, existing);
      }
      const refunded = { principal: charge.refundedPrincipal, bonus: charge.refundedBonus };
      const back = splitChargeRefund(charge, refunded, input.amount);
      if (!back) {
        const refundable = charge.amount - refunded.principal - refunded.bonus;
        throw AppError.of(
          'WALLET_REFUND_EXCEEDS_CHARGED',
          `退款金额超过可退金额（可退 ${refundable} 分）`,
          { refundable, fields: [{ path: 'body.amount', message: `at most ${refundable}` }] },
        );
      }
      const row: ChargeRefundDoc = {
        key: input.idempotencyKey,
        refundNo: input.refundNo,
        amount: input.amount,
        principal: back.principal,
        bonus: back.bonus,
        reason: input.reason,
        at: this.clock.now(),
      };
      const updated = await this.m.Charge.findOneAndUpdate(
        {
          key: charge.key,
          refundedPrincipal: refunded.principal,
          refundedBonus: refunded.bonus,
          'refunds.key': { $ne: input.idempotencyKey },
        },
        {
          $inc: { refundedPrincipal: back.principal, refundedBonus: back.bonus },
          $push: { refunds: row },
        },
        { returnDocument: 'after' },
      ).lean();
      if (updated) return this.apply(updated, row);
    }
    throw AppError.of('WALLET_BUSY', '储值退款处理冲突，请重试');
  }

  /** Posts (once) the ledger entry of a refund recorded on its charge. */
  private async apply(charge: ChargeDoc, r: ChargeRefundDoc): Promise<ChargeRefundResult> {
    const member = await this.members.require(charge.memberId);
    const { entry } = await this.ledger.post({
      memberId: member._id,
      reason: 'charge_refund',
      note: r.reason,
      sourceType: 'wallet_charge',
      sourceId: `${charge.chargeNo}/${r.refundNo}`,
      idempotencyKey: r.key,
      requestHash: canonicalHash({ op: 'charge_refund', charge: charge.key, refundNo: r.refundNo }),
      plan: () => ({ principal: r.principal, bonus: r.bonus }),
    });
    if (entry.reason !== 'charge_refund') throw conflict(r.key);
    return {
      chargeNo: charge.chargeNo,
      refundNo: r.refundNo,
      amount: r.amount,
      principal: r.principal,
      bonus: r.bonus,
      refunded: charge.refundedPrincipal + charge.refundedBonus,
      status: chargeStatus(charge),
      wallet: {
        balance: entry.balanceAfter,
        principal: entry.principalAfter,
        bonus: entry.bonusAfter,
      },
      entry: entryView(entry),
    };
  }
}
