/** A top-up bonus rule (储值满赠): top up at least `threshold` fen, get `bonus` fen. */
export interface TopUpRule {
  threshold: number;
  bonus: number;
}

/** The rule a brand starts with: 充1000送100. */
export const DEFAULT_TOPUP_RULES: readonly TopUpRule[] = [{ threshold: 100_000, bonus: 10_000 }];

/** The highest threshold the principal reaches decides the bonus (rules do not stack). */
export function bonusFor(rules: readonly TopUpRule[], principal: number): number {
  let best: TopUpRule | null = null;
  for (const r of rules) {
    if (principal >= r.threshold && (!best || r.threshold > best.threshold)) best = r;
  }
  return best?.bonus ?? 0;
}
