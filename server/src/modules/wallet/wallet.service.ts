import {
  bonusFor,
  type MemberRef,
  splitTopUpRefund,
  type WalletBalance,
  type WalletEntryView,
  type WalletSummary,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import {
  type ChargeInput,
  type ChargeRefundInput,
  conflict,
  sameRequest,
  WalletCharges,
} from './charges';
import { type LedgerFaults, WalletLedger } from './ledger';
import { WalletMerge } from './merge';
import { ruleView, WalletRulesService } from './rules.service';
import {
  type ChargeRefundResult,
  type ChargeResult,
  balanceView,
  canonicalHash,
  entryView,
} from './views';
import { type WalletEntryDoc, type WalletModels, walletModels } from './wallet.model';

export interface TopUpInput {
  memberId: Types.ObjectId;
  /** Fen the member paid, > 0. */
  principal: number;
  /** Fen the brand adds; omitted: computed from the active top-up rules (储值满赠). */
  bonus?: number;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  note?: string | null;
  /** Hash of the caller's request; default: a hash of the fields above. */
  requestHash?: string;
}

export interface TopUpRefundInput {
  /** The member who topped up (a merged member resolves to the survivor). */
  memberId: Types.ObjectId;
  /** The top-up's sourceId (e.g. the pay order's out_trade_no). */
  topUpSourceId: string;
  /** Narrows the lookup when several sources could share an id (e.g. 'wxpay'). */
  topUpSourceType?: string;
  /** At most this much principal (fen) is taken out; default: all that is refundable. */
  maxPrincipal?: number;
  /** Once per key; a replay returns the first answer. */
  idempotencyKey: string;
  reason?: string;
}

export interface TopUpRefundResult {
  /** Unspent principal taken out of the wallet: the amount to pay back to the member. */
  principal: number;
  /** Bonus of that top-up removed from the wallet (forfeited, never paid out). */
  bonus: number;
  wallet: WalletBalance;
  entry: WalletEntryView;
}

/** A top-up entry as callers see it: the entry plus the amounts credited to each bucket. */
export type TopUpResult = WalletEntryView & { principal: number; bonus: number };

export type { ChargeInput, ChargeRefundInput, ChargeRefundResult, ChargeResult };

const afterOf = (e: WalletEntryDoc): WalletBalance => ({
  balance: e.balanceAfter,
  principal: e.principalAfter,
  bonus: e.bonusAfter,
});
const topUpResult = (e: WalletEntryDoc): TopUpResult => ({
  ...entryView(e),
  principal: e.principalDelta,
  bonus: e.bonusDelta,
});
const topUpRefundResult = (e: WalletEntryDoc): TopUpRefundResult => ({
  principal: -e.principalDelta,
  bonus: -e.bonusDelta,
  wallet: afterOf(e),
  entry: entryView(e),
});

/**
 * The stored-value wallet (储值), in fen, with principal and bonus tracked separately because
 * a top-up refund returns principal only. Every change is one ledger entry (ledger.ts).
 */
export class WalletService {
  readonly m: WalletModels;
  readonly ledger: WalletLedger;
  readonly rules: WalletRulesService;
  private readonly charges: WalletCharges;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    faults: LedgerFaults = {},
  ) {
    this.m = walletModels(core.conn);
    this.ledger = new WalletLedger(this.m, faults);
    this.rules = new WalletRulesService(this.m, core.clock);
    this.charges = new WalletCharges(this.m, this.ledger, members, core.clock);
  }

  /** Credits a top-up once per idempotencyKey; a replay returns the first entry. */
  async topUp(input: TopUpInput): Promise<TopUpResult> {
    const requestHash =
      input.requestHash ??
      canonicalHash({
        op: 'topup',
        memberId: String(input.memberId),
        principal: input.principal,
        bonus: input.bonus ?? null,
        sourceType: input.sourceType,
        sourceId: input.sourceId,
      });
    const first = await this.ledger.byKey(input.idempotencyKey);
    if (first) {
      sameRequest(first, 'topup', requestHash);
      return topUpResult(first);
    }
    const fen = (v: number | undefined) => v === undefined || (Number.isInteger(v) && v >= 0);
    if (!fen(input.principal) || input.principal === 0 || !fen(input.bonus)) {
      throw new Error('a top-up needs a positive principal and a non-negative bonus, in whole fen');
    }
    const bonus = input.bonus ?? (await this.bonusFor(input.principal));
    const member = await this.members.require(input.memberId);
    const { entry, created } = await this.ledger.post({
      memberId: member._id,
      reason: 'topup',
      note: input.note ?? null,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      idempotencyKey: input.idempotencyKey,
      requestHash,
      plan: () => ({ principal: input.principal, bonus }),
    });
    if (!created) sameRequest(entry, 'topup', requestHash);
    return topUpResult(entry);
  }

  /** Pays from the wallet (409 WALLET_INSUFFICIENT); see splitCharge for the bucket order. */
  charge(input: ChargeInput): Promise<ChargeResult> {
    return this.charges.charge(input);
  }

  /** Returns part or all of a charge to the buckets it came from (idempotent by key). */
  refundCharge(input: ChargeRefundInput): Promise<ChargeRefundResult> {
    return this.charges.refund(input);
  }

  /** Bonus the active 储值满赠 rules give for a principal (fen); for plan pages. */
  async bonusFor(principal: number): Promise<number> {
    return bonusFor(await this.rules.active(), principal);
  }

  /**
   * Refunds (part of) a top-up: unspent principal of it leaves the wallet — the caller pays it
   * back — and the first refund forfeits what is left of its bonus (splitTopUpRefund). The
   * plan runs against the exact account state, so concurrent refunds of one top-up can never
   * take out more than it brought. Idempotent by key.
   */
  async refundTopUp(input: TopUpRefundInput): Promise<TopUpRefundResult> {
    const first = await this.ledger.byKey(input.idempotencyKey);
    const top = await this.topUpEntry(input.topUpSourceId, input.topUpSourceType);
    if (first) {
      if (first.reason !== 'topup_refund' || first.refOf !== top.idempotencyKey) {
        throw conflict(input.idempotencyKey);
      }
      return topUpRefundResult(first);
    }
    const member = await this.members.require(top.memberId);
    const { entry } = await this.ledger.post({
      memberId: member._id,
      reason: 'topup_refund',
      note: input.reason ?? null,
      sourceType: top.sourceType,
      sourceId: top.sourceId,
      idempotencyKey: input.idempotencyKey,
      refOf: top.idempotencyKey,
      plan: async (acc) => {
        const out = splitTopUpRefund(
          { principal: top.principalDelta, bonus: top.bonusDelta },
          await this.refundedOf(top.idempotencyKey),
          acc,
          input.maxPrincipal,
        );
        return { principal: -out.principal, bonus: -out.bonus };
      },
    });
    if (entry.refOf !== top.idempotencyKey) throw conflict(input.idempotencyKey);
    return topUpRefundResult(entry);
  }

  /** What earlier refunds took out for one top-up (pending ones included: never too much). */
  private async refundedOf(topUpKey: string) {
    const rows = await this.m.Entry.find({ refOf: topUpKey }).lean();
    return {
      principal: rows.reduce((s, e) => s - e.principalDelta, 0),
      bonus: rows.reduce((s, e) => s - e.bonusDelta, 0),
    };
  }

  private async topUpEntry(sourceId: string, sourceType?: string) {
    const filter = { sourceId, reason: 'topup' as const, ...(sourceType ? { sourceType } : {}) };
    const found: WalletEntryDoc[] = await this.m.Entry.find(filter).limit(2).lean();
    if (found.length !== 1 || !found[0]) {
      throw AppError.of(
        found.length ? 'IDEMPOTENCY_CONFLICT' : 'WALLET_TOPUP_NOT_FOUND',
        found.length ? `有多笔来源为 ${sourceId} 的充值，请指定来源类型` : '充值记录不存在',
      );
    }
    await this.ledger.complete(found[0]);
    return found[0];
  }

  async view(memberId: Types.ObjectId): Promise<WalletBalance> {
    return balanceView(await this.ledger.account(memberId));
  }

  async history(memberId: Types.ObjectId, page: number, pageSize: number) {
    const acc = await this.ledger.account(memberId);
    // Only applied entries: a pending one (its writer died) shows once it is completed.
    const filter = { memberId, seq: { $lte: acc.seq } };
    const [items, total] = await Promise.all([
      this.m.Entry.find(filter)
        .sort({ seq: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.Entry.countDocuments(filter),
    ]);
    return { items: items.map(entryView), total, page, pageSize };
  }

  /** Σ ledger deltas of the applied entries (equals the balance; shown to ops). */
  async ledgerSum(memberId: Types.ObjectId): Promise<number> {
    const acc = await this.ledger.account(memberId);
    const [s] = await this.m.Entry.aggregate<{ sum: number }>([
      { $match: { memberId, seq: { $lte: acc.seq } } },
      { $group: { _id: null, sum: { $sum: '$delta' } } },
    ]);
    return s?.sum ?? 0;
  }

  async summary(memberId: Types.ObjectId, page: number, pageSize: number): Promise<WalletSummary> {
    const [balance, rules, history] = await Promise.all([
      this.view(memberId),
      this.rules.list(),
      this.history(memberId, page, pageSize),
    ]);
    return { ...balance, rules: rules.filter((r) => r.active).map(ruleView), history };
  }

  /** A member named by any identity; never creates one (paying needs an existing wallet). */
  async memberFor(ref: MemberRef): Promise<MemberDoc> {
    const found = ref.memberNo
      ? await this.members.byMemberNo(ref.memberNo)
      : ref.phone
        ? await this.members.findByIdentity({
            kind: 'phone',
            value: this.core.phoneCrypto.lookupHash(ref.phone),
          })
        : await this.members.findByIdentity(
            ref.unionid
              ? { kind: 'unionid', value: ref.unionid }
              : { kind: 'openid', value: ref.openid ?? '' },
          );
    if (!found) {
      const field = Object.keys(ref)[0] ?? 'memberNo';
      throw AppError.of('MEMBER_NOT_FOUND', '会员不存在', {
        fields: [{ path: `body.member.${field}`, message: 'no such member' }],
      });
    }
    return found;
  }

  mergeParticipant() {
    return new WalletMerge(this.ledger).participant();
  }

  /** Every wallet's balance in fen, streamed. */
  async *streamBalances() {
    const cursor = this.m.Account.find({ balance: { $gt: 0 } }, { balance: 1 })
      .lean()
      .cursor({ batchSize: 10_000 });
    for await (const a of cursor) yield { memberId: a._id, balance: a.balance };
  }
}
