import {
  expiresAtFor,
  findTier,
  pointsForOrder,
  refundReversal,
  type TierDef,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { MemberDoc } from '../members';
import type { MergeParticipant } from '../members';
import type { OrderDoc } from '../orders';
import type { TiersService } from '../tiers';
import type { PostInput } from './ledger';
import { creditAcross } from './ledger.bulk';
import type { PointsService } from './points.service';

export type EarnPairs = Array<{ order: OrderDoc; member: MemberDoc }>;

export const orderKey = (orderNo: string) => `points:order:${orderNo}`;

/**
 * Earning on paid orders: whole yuan × points per yuan × the member's tier multiplier, the lot
 * counted from the payment date. Keyed by order number, so a retried order earns once (with the
 * multiplier of the first delivery).
 */
export class OrderEarning {
  // Imports earn for every historical order: keep the ladder for a few seconds.
  private ladder: { tiers: TierDef[]; until: number } | null = null;

  constructor(
    private readonly points: PointsService,
    private readonly tiers: TiersService,
    private readonly now: () => Date,
  ) {}

  /** The orders.onPaid hook. */
  readonly onPaid = async (order: OrderDoc, member: MemberDoc): Promise<void> => {
    const [credit] = await this.credits([{ order, member }]);
    if (credit) await this.points.post(credit);
  };

  /**
   * The same for many orders at once (bulk imports): one insert and one account update per
   * member instead of three round trips per order. Returns how many entries were new.
   */
  async forOrders(pairs: EarnPairs): Promise<number> {
    return creditAcross(this.points.ledger, this.points.m, await this.credits(pairs));
  }

  private async credits(pairs: EarnPairs) {
    const [{ pointsPerYuan, expiry }, tiers] = await Promise.all([
      this.points.settings(),
      this.ladderTiers(),
    ]);
    const now = this.now();
    const out: PostInput[] = [];
    for (const { order, member } of pairs) {
      const multiplier = findTier(tiers, member.tierCode)?.pointsMultiplier ?? 1;
      const earned = pointsForOrder(order.amount, multiplier, pointsPerYuan);
      const expiresAt = expiresAtFor(order.paidAt, expiry);
      // An imported order so old that its points have expired already earns nothing usable:
      // crediting it would only add a lot for the nightly job to expire.
      if (earned <= 0 || expiresAt <= now) continue;
      out.push({
        memberId: order.memberId,
        delta: earned,
        expiresAt,
        reason: 'order',
        note: `订单 ${order.orderNo}`,
        sourceType: 'order',
        sourceId: order.orderNo,
        idempotencyKey: orderKey(order.orderNo),
      });
    }
    return out;
  }

  private async ladderTiers(): Promise<TierDef[]> {
    if (!this.ladder || this.ladder.until < Date.now()) {
      this.ladder = { tiers: (await this.tiers.ladder()).tiers, until: Date.now() + 5_000 };
    }
    return this.ladder.tiers;
  }
}

/**
 * Refunds take back points in proportion to the refunded amount (cumulative, so partial
 * refunds sum exactly to what the order earned). Points already spent cannot be taken: the
 * balance never goes below zero and the entry records the shortfall.
 */
export function reverseOnRefund(points: PointsService) {
  return async (order: OrderDoc, refundNo: string, amount: number): Promise<void> => {
    const credit = await points.entryByKey(orderKey(order.orderNo));
    if (!credit) return;
    const idx = order.refunds.findIndex((r) => r.refundNo === refundNo);
    const before = order.refunds.slice(0, Math.max(0, idx)).reduce((s, r) => s + r.amount, 0);
    const take = refundReversal(credit.delta, order.amount, before, amount);
    if (take <= 0) return;
    await points.post({
      memberId: order.memberId,
      delta: -take,
      reason: 'refund',
      note: `订单 ${order.orderNo} 退款`,
      sourceType: 'refund',
      sourceId: `${order.orderNo}/${refundNo}`,
      idempotencyKey: `points:refund:${order.orderNo}:${refundNo}`,
      mode: 'available',
    });
  };
}

/**
 * Points follow OneID merges lot by lot (expiry dates kept), and an undo takes back exactly the
 * lots the merge brought in (what is left of them).
 */
export function pointsMergeParticipant(points: PointsService): MergeParticipant {
  const move = async (
    from: Types.ObjectId,
    to: Types.ObjectId,
    key: string,
    only?: (lot: number) => boolean,
  ) => {
    const account = await points.ledger.account(from);
    const amount = account.lots
      .filter((l) => !only || only(l.lot))
      .reduce((s, l) => s + l.remaining, 0);
    const outKey = `points:${key}:out`;
    // Nothing to move, unless a crashed earlier run already wrote the debit (finish its credits).
    if (amount === 0 && !(await points.entryByKey(outKey))) return;
    const out = await points.post({
      memberId: from,
      delta: -amount,
      reason: 'merge_out',
      sourceType: 'merge',
      sourceId: key,
      idempotencyKey: outKey,
      mode: 'available',
      spendableAt: null,
      only: only ? (l) => only(l.lot) : undefined,
    });
    for (const t of out.entry.takes) {
      await points.post({
        memberId: to,
        delta: t.amount,
        expiresAt: t.expiresAt,
        reason: 'merge_in',
        sourceType: 'merge',
        sourceId: key,
        idempotencyKey: `points:${key}:in:${t.lot}`,
      });
    }
  };
  return {
    name: 'points',
    merge: (loser, survivor, key) => move(loser, survivor, key),
    unmerge: async (loser, survivor, key) => {
      const brought = await points.m.Entry.find(
        { memberId: survivor, sourceType: 'merge', sourceId: key, reason: 'merge_in' },
        { seq: 1 },
      ).lean();
      const lots = new Set(brought.map((e) => e.seq));
      await move(survivor, loser, `${key}:undo`, (lot) => lots.has(lot));
    },
  };
}
