/**
 * Points for a paid order: whole yuan × points per yuan × the tier's multiplier, rounded down.
 * Multipliers are decimals (1.2, 1.5); they are scaled to integer hundredths so 100 × 1.15 is
 * 115, not 114.99999999999999 floored to 114.
 */
export function pointsForOrder(amountFen: number, multiplier: number, pointsPerYuan = 1): number {
  if (amountFen <= 0) return 0;
  const yuan = Math.floor(amountFen / 100);
  const scaled = Math.round(multiplier * 100) * Math.round(pointsPerYuan * 100);
  return Math.floor((yuan * scaled) / 10_000);
}

/**
 * Points to take back for one refund, proportional to the refunded amount. Computed from the
 * cumulative refunded amount before and after this refund, so rounding never drifts: the
 * reversals of all refunds of an order sum to exactly what it earned once it is fully refunded,
 * and never more.
 */
export function refundReversal(
  earned: number,
  orderAmount: number,
  refundedBefore: number,
  refundAmount: number,
): number {
  if (earned <= 0 || orderAmount <= 0) return 0;
  const cap = (refunded: number) =>
    Math.floor((earned * Math.min(orderAmount, Math.max(0, refunded))) / orderAmount);
  return cap(refundedBefore + refundAmount) - cap(refundedBefore);
}
