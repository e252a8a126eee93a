/**
 * A synthetic brand for the value-engine benchmark, generated in memory into typed arrays:
 * members join uniformly over two years and buy under BG/NBD (Poisson purchases, drop-out after
 * each repeat) with Gamma-Gamma order values in fen; some days carry a second order and ~3% of
 * orders are refunded (half in full) a few days later. Seeded, so every run sees the same brand.
 */
import {
  type BgNbdParams,
  createRng,
  type GammaGammaParams,
  sampleBeta,
  sampleGamma,
} from '@circles/shared';

export const HORIZON_DAYS = 730;
/** Day numbers start here (2023-01-01) so they look like real ones. */
export const BASE_DAY = 19358;

export interface SyntheticBrand {
  members: number;
  orders: number;
  orderMember: Int32Array;
  orderDay: Int32Array;
  orderAmountFen: Int32Array;
  /** Refunded fen per order (0 for most). */
  orderRefundFen: Int32Array;
  /** Day the refund arrives (≥ the order day); meaningful where orderRefundFen > 0. */
  refundDay: Int32Array;
  endDay: number;
}

// Tuned for ~10 orders per member over the horizon.
export const TRUE_BGNBD: BgNbdParams = { r: 1.1, alpha: 29, a: 0.45, b: 5.5 };
export const TRUE_SPEND: GammaGammaParams = { p: 3, q: 4, v: 20000 };

export function generateBrand(members: number, seed = 2024): SyntheticBrand {
  const rng = createRng(seed);
  let capacity = members * 12;
  let orderMember = new Int32Array(capacity);
  let orderDay = new Int32Array(capacity);
  let orderAmountFen = new Int32Array(capacity);
  let n = 0;
  const push = (member: number, day: number, amount: number) => {
    if (n === capacity) {
      capacity *= 2;
      const grow = (a: Int32Array) => {
        const b = new Int32Array(capacity);
        b.set(a);
        return b;
      };
      orderMember = grow(orderMember);
      orderDay = grow(orderDay);
      orderAmountFen = grow(orderAmountFen);
    }
    orderMember[n] = member;
    orderDay[n] = day;
    orderAmountFen[n] = amount;
    n++;
  };
  const { r, alpha, a, b } = TRUE_BGNBD;
  for (let m = 0; m < members; m++) {
    const join = Math.floor(rng() * HORIZON_DAYS);
    const lambda = sampleGamma(rng, r, alpha);
    const dropout = sampleBeta(rng, a, b);
    const nu = sampleGamma(rng, TRUE_SPEND.q, TRUE_SPEND.v);
    const order = (day: number) => {
      push(m, BASE_DAY + day, Math.max(1, Math.round(sampleGamma(rng, TRUE_SPEND.p, nu))));
      if (rng() < 0.05)
        push(m, BASE_DAY + day, Math.max(1, Math.round(sampleGamma(rng, TRUE_SPEND.p, nu))));
    };
    order(join);
    let t = join;
    for (;;) {
      t += -Math.log(1 - rng()) / lambda;
      const day = Math.floor(t);
      if (day >= HORIZON_DAYS) break;
      order(day);
      if (rng() < dropout) break;
    }
  }
  const orderRefundFen = new Int32Array(n);
  const refundDay = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (rng() >= 0.03) continue;
    orderRefundFen[i] = rng() < 0.5 ? orderAmountFen[i] : Math.floor(orderAmountFen[i] * rng());
    refundDay[i] = orderDay[i] + 1 + Math.floor(rng() * 14);
  }
  return {
    members,
    orders: n,
    orderMember: orderMember.subarray(0, n),
    orderDay: orderDay.subarray(0, n),
    orderAmountFen: orderAmountFen.subarray(0, n),
    orderRefundFen,
    refundDay,
    endDay: BASE_DAY + HORIZON_DAYS - 1,
  };
}

/**
 * Arrival order of all events (orders then refunds, as they would reach the server): indices
 * 0..n−1 are orders, n + i is the refund of order i. Counting sort by arrival day, stable.
 */
export function eventArrivalOrder(brand: SyntheticBrand): Int32Array {
  const { orders, orderDay, orderRefundFen, refundDay } = brand;
  const span = HORIZON_DAYS + 32;
  const counts = new Int32Array(span + 1);
  let events = 0;
  const dayOf = (e: number) => (e < orders ? orderDay[e] : refundDay[e - orders]) - BASE_DAY;
  for (let e = 0; e < orders * 2; e++) {
    if (e >= orders && orderRefundFen[e - orders] === 0) continue;
    counts[dayOf(e) + 1]++;
    events++;
  }
  for (let d = 0; d < span; d++) counts[d + 1] += counts[d];
  const out = new Int32Array(events);
  for (let e = 0; e < orders * 2; e++) {
    if (e >= orders && orderRefundFen[e - orders] === 0) continue;
    out[counts[dayOf(e)]++] = e;
  }
  return out;
}
