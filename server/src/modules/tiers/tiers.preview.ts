import {
  baseTier,
  evaluateTier,
  findTier,
  isRenewal,
  sortLadder,
  type TierDef,
  type TierOverride,
} from '@circles/shared';

/** What the preview needs of one member: the state the tier rules decide on. */
export interface PreviewMember {
  tierCode: string;
  tierValidUntil: Date | null;
  tierOverride: TierOverride | null;
  /** Growth in the window ending at the preview's `now`. */
  windowGrowth: number;
}

interface Row {
  code: string;
  name: string;
  current: number;
  preview: number;
  up: number;
  down: number;
  atRisk: number;
}

export interface LadderPreview {
  totalMembers: number;
  movesUp: number;
  movesDown: number;
  outsideLadder: number;
  tiers: Row[];
}

/**
 * Runs the tier rules (`evaluateTier`, the function the tier job applies) over every member with a
 * proposed ladder, so the counts are exactly the moves the next tier-job run makes after a save:
 * upgrades wherever growth reaches a threshold, downgrades only for members whose evaluation date
 * has come. `atRisk` counts members who keep their tier now but whose growth is below its new
 * retention threshold — they move down at their own evaluation date unless they earn more.
 */
export class PreviewTally {
  private readonly ladder: TierDef[];
  private readonly base: TierDef;
  private readonly rows = new Map<string, Row>();
  private total = 0;
  private movesUp = 0;
  private movesDown = 0;
  private outside = 0;

  constructor(
    ladder: readonly TierDef[],
    private readonly now: Date,
  ) {
    this.ladder = sortLadder(ladder);
    this.base = baseTier(this.ladder);
    for (const t of this.ladder) {
      this.rows.set(t.code, {
        code: t.code,
        name: t.name,
        current: 0,
        preview: 0,
        up: 0,
        down: 0,
        atRisk: 0,
      });
    }
  }

  private rank(code: string): number {
    return findTier(this.ladder, code)?.rank ?? this.base.rank;
  }

  add(m: PreviewMember): void {
    this.total++;
    const decision = evaluateTier(
      this.ladder,
      {
        tierCode: m.tierCode,
        validUntil: m.tierValidUntil,
        windowGrowth: m.windowGrowth,
        override: m.tierOverride,
      },
      this.now,
    );
    const moved = decision !== null && !isRenewal(decision) ? decision : null;
    const to = moved?.to ?? m.tierCode;
    const from = this.rows.get(m.tierCode);
    if (from) from.current++;
    if (moved && to !== m.tierCode) {
      const up = this.rank(to) > this.rank(m.tierCode);
      if (up) this.movesUp++;
      else this.movesDown++;
      if (from) from[up ? 'up' : 'down']++;
    }
    const after = this.rows.get(to);
    if (!after) {
      this.outside++;
      return;
    }
    after.preview++;
    const override = moved?.clearOverride ? null : m.tierOverride;
    const held = override !== null && override.until > this.now;
    const tier = findTier(this.ladder, to);
    if (tier && tier.code !== this.base.code && !held && m.windowGrowth < tier.retainGrowth) {
      after.atRisk++;
    }
  }

  result(): LadderPreview {
    return {
      totalMembers: this.total,
      movesUp: this.movesUp,
      movesDown: this.movesDown,
      outsideLadder: this.outside,
      tiers: [...this.rows.values()],
    };
  }
}
