/** The two buckets of a wallet, in fen: what the member paid in, and what the brand gave. */
export interface Buckets {
  principal: number;
  bonus: number;
}

/** floor(a × b ÷ c) without losing precision on large fen amounts. */
const mulDiv = (a: number, b: number, c: number) => Number((BigInt(a) * BigInt(b)) / BigInt(c));

/**
 * How a charge of `amount` is taken from the buckets: in proportion to what each holds (the
 * common 储值 practice, so spending neither burns the refundable principal first nor leaves
 * the member a wallet of bonus only). The bonus share is rounded down and the principal
 * takes the remainder, which never exceeds the principal (⌈amount·p/B⌉ ≤ p). Returns null
 * when the wallet cannot cover the amount.
 */
export function splitCharge(wallet: Buckets, amount: number): Buckets | null {
  const total = wallet.principal + wallet.bonus;
  if (!Number.isInteger(amount) || amount <= 0 || amount > total) return null;
  const bonus = mulDiv(amount, wallet.bonus, total);
  return { principal: amount - bonus, bonus };
}

/**
 * The share of one refund of a charge that goes back to each bucket. Cumulative rounding
 * (bonus back so far = ⌊charged bonus × refunded so far ÷ charged⌋) makes a series of partial
 * refunds return exactly what the charge took from each bucket once it is fully refunded.
 */
export function splitChargeRefund(
  charged: Buckets,
  refunded: Buckets,
  amount: number,
): Buckets | null {
  const total = charged.principal + charged.bonus;
  const before = refunded.principal + refunded.bonus;
  if (!Number.isInteger(amount) || amount <= 0 || before + amount > total) return null;
  const bonusAfter = mulDiv(charged.bonus, before + amount, total);
  const bonus = bonusAfter - refunded.bonus;
  return { principal: amount - bonus, bonus };
}

/**
 * Refund of a top-up (储值退款): unspent principal of that top-up goes back — at most what it
 * brought minus earlier refunds of it, what the wallet still holds, and `maxPrincipal` — and
 * the first refund forfeits what is left of the bonus it brought (a refunded top-up keeps no
 * gift), never more than the wallet holds.
 */
export function splitTopUpRefund(
  topUp: Buckets,
  refunded: Buckets,
  wallet: Buckets,
  maxPrincipal = Number.POSITIVE_INFINITY,
): Buckets {
  const clamp = (...xs: number[]) => Math.max(0, Math.min(...xs));
  return {
    principal: clamp(topUp.principal - refunded.principal, wallet.principal, maxPrincipal),
    bonus: clamp(topUp.bonus - refunded.bonus, wallet.bonus),
  };
}
