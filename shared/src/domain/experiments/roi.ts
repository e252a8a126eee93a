/**
 * Return on a promotion tested as an experiment: the revenue the treatment added across the
 * members who got it, less what the grants (coupons, points, gifts) cost. Money is integer fen.
 */

export interface RoiInput {
  /** Difference in mean revenue per member, treatment − control, in fen (may be fractional). */
  diffPerMemberFen: number;
  /** Optional confidence interval of that difference, fen per member. */
  ciLowFen?: number;
  ciHighFen?: number;
  /** Members who received the treatment. */
  treatedMembers: number;
  /** Total cost of the grants given to those members, fen. */
  grantCostFen: number;
}

export interface RoiResult {
  incrementalRevenueFen: number;
  grantCostFen: number;
  /** incremental revenue − grant cost */
  netFen: number;
  /** net / cost; null when the grants cost nothing. */
  roi: number | null;
  /** Net return at the ends of the difference's confidence interval, when one was given. */
  netLowFen: number | null;
  netHighFen: number | null;
}

export function experimentRoi(input: RoiInput): RoiResult {
  const { treatedMembers: members, grantCostFen: cost } = input;
  if (!Number.isInteger(members) || members < 0) {
    throw new Error(`treatedMembers must be a non-negative integer, got ${members}`);
  }
  if (!Number.isInteger(cost) || cost < 0) {
    throw new Error(`grantCostFen must be a non-negative integer, got ${cost}`);
  }
  // Rounded once, at the total: rounding per member would lose up to half a fen each.
  const incremental = (perMember: number) => Math.round(perMember * members);
  const incrementalRevenueFen = incremental(input.diffPerMemberFen);
  const netFen = incrementalRevenueFen - cost;
  return {
    incrementalRevenueFen,
    grantCostFen: cost,
    netFen,
    roi: cost > 0 ? netFen / cost : null,
    netLowFen: input.ciLowFen === undefined ? null : incremental(input.ciLowFen) - cost,
    netHighFen: input.ciHighFen === undefined ? null : incremental(input.ciHighFen) - cost,
  };
}
