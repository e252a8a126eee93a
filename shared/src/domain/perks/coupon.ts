import { formatYuan } from '../format/money';

/**
 * A coupon's money terms. `cash`: `value` fen off; `discount`: pay `value` percent of the
 * eligible amount (88 = 8.8折), at most `maxOffFen` off. Only items of `categories` count
 * towards the threshold and the discount (empty: the whole order).
 */
export interface CouponTerms {
  type: 'cash' | 'discount';
  value: number;
  thresholdFen: number;
  maxOffFen: number | null;
  categories: string[];
}

export interface CouponOrder {
  amount: number;
  items?: { category: string; amount: number }[];
}

export type CouponCheck =
  | { ok: true; eligibleFen: number; discountFen: number }
  | {
      ok: false;
      reason: 'threshold' | 'category' | 'items_needed';
      eligibleFen: number;
      message: string;
    };

/** What part of the order the coupon applies to, and how much it takes off. */
export function checkCoupon(terms: CouponTerms, order: CouponOrder): CouponCheck {
  let eligibleFen = order.amount;
  if (terms.categories.length > 0) {
    if (!order.items || order.items.length === 0) {
      return {
        ok: false,
        reason: 'items_needed',
        eligibleFen: 0,
        message: `该券限${terms.categories.join('、')}使用，请提供订单商品明细`,
      };
    }
    eligibleFen = Math.min(
      order.amount,
      order.items
        .filter((i) => terms.categories.includes(i.category))
        .reduce((sum, i) => sum + i.amount, 0),
    );
    if (eligibleFen === 0) {
      return {
        ok: false,
        reason: 'category',
        eligibleFen,
        message: `订单中没有可用该券的商品（限${terms.categories.join('、')}）`,
      };
    }
  }
  if (eligibleFen < terms.thresholdFen) {
    return {
      ok: false,
      reason: 'threshold',
      eligibleFen,
      message: `未满足使用门槛：可用商品满 ${formatYuan(terms.thresholdFen)} 可用，当前 ${formatYuan(eligibleFen)}`,
    };
  }
  const raw =
    terms.type === 'cash' ? terms.value : Math.floor((eligibleFen * (100 - terms.value)) / 100);
  const capped = terms.maxOffFen === null ? raw : Math.min(raw, terms.maxOffFen);
  return { ok: true, eligibleFen, discountFen: Math.min(capped, eligibleFen) };
}

/** "8.8折" (never "8.80折"). */
function foldText(value: number): string {
  return `${value % 10 === 0 ? value / 10 : (value / 10).toFixed(1)}折`;
}

/** "满¥200.00减¥30.00 · 限护肤、彩妆" — how the member center and the panel name a coupon. */
export function couponText(terms: CouponTerms): string {
  const head =
    terms.type === 'cash'
      ? terms.thresholdFen > 0
        ? `满${formatYuan(terms.thresholdFen)}减${formatYuan(terms.value)}`
        : `无门槛减${formatYuan(terms.value)}`
      : [
          foldText(terms.value),
          terms.thresholdFen > 0 ? `满${formatYuan(terms.thresholdFen)}可用` : null,
          terms.maxOffFen !== null ? `最高减${formatYuan(terms.maxOffFen)}` : null,
        ]
          .filter(Boolean)
          .join(' · ');
  return terms.categories.length > 0 ? `${head} · 限${terms.categories.join('、')}` : head;
}
