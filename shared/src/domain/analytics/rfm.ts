/**
 * RFM scoring and the eight value segments (会员价值分层).
 *
 * R = days since the last purchase (smaller is better), F = purchase days in the window,
 * M = spend in the window. Scores 1–5 are quintiles of the rank, ties ranked stably (in input
 * order, like pandas' rank(method='first')), recency reversed so the most recent fifth scores 5.
 * High/low per dimension compares each member with the population mean; for R "high" (R↑)
 * means RECENT, i.e. fewer days than average since the last purchase.
 */
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { floor } = Math;

export const RFM_SEGMENTS = [
  '重要价值', // R↑F↑M↑
  '重要发展', // R↑F↓M↑
  '重要保持', // R↓F↑M↑
  '重要挽留', // R↓F↓M↑
  '一般价值', // R↑F↑M↓
  '一般发展', // R↑F↓M↓
  '一般保持', // R↓F↑M↓
  '一般挽留', // R↓F↓M↓
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

// Index by (recent << 2) | (frequent << 1) | monetary.
const SEGMENT_BY_BITS = [7, 3, 6, 2, 5, 1, 4, 0] as const;

/** Segment index (into RFM_SEGMENTS) for the three high/low flags; `recent` is R↑. */
export function rfmSegmentIndex(recent: boolean, frequent: boolean, monetary: boolean): number {
  return SEGMENT_BY_BITS[(recent ? 4 : 0) | (frequent ? 2 : 0) | (monetary ? 1 : 0)];
}

export function rfmSegment(recent: boolean, frequent: boolean, monetary: boolean): RfmSegment {
  return RFM_SEGMENTS[rfmSegmentIndex(recent, frequent, monetary)];
}

/**
 * Quintile scores 1–5 by rank: rank i (0-based, ascending, ties in input order) scores
 * floor(5i/n) + 1. With `reverse`, the largest value ranks first (recency: fewest days → 5).
 * O(n log n) with a native numeric sort, no comparator callbacks.
 */
export function quintileScores(
  values: ArrayLike<number>,
  options: { reverse?: boolean } = {},
): Uint8Array {
  const n = values.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) throw new Error(`quintileScores: value ${i} is NaN`);
    // + 0 folds −0 into +0 so equal values compare equal after negation.
    keys[i] = (options.reverse ? -v : v) + 0;
  }
  const sorted = keys.slice().sort();
  const taken = new Int32Array(n);
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    const rank = lo + taken[lo]++;
    scores[i] = floor((rank * 5) / n) + 1;
  }
  return scores;
}

export interface RfmColumns {
  recencyDays: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

export interface RfmOptions {
  /**
   * 'value' (default) compares raw R/F/M with their population means; 'score' compares the
   * quintile scores with the mean score (less sensitive to skewed spend).
   */
  highLowBasis?: 'value' | 'score';
}

export interface RfmScores {
  rScore: Uint8Array;
  fScore: Uint8Array;
  mScore: Uint8Array;
  /** Index into RFM_SEGMENTS. */
  segment: Uint8Array;
  /** Population means of the raw values (recency in days). */
  means: { recencyDays: number; frequency: number; monetary: number };
}

/** Scores and segments for a whole population at once (one entry per member). */
export function scoreRfmColumns(cols: RfmColumns, options: RfmOptions = {}): RfmScores {
  const n = cols.recencyDays.length;
  if (cols.frequency.length !== n || cols.monetary.length !== n)
    throw new Error('scoreRfmColumns: column lengths differ');
  const rScore = quintileScores(cols.recencyDays, { reverse: true });
  const fScore = quintileScores(cols.frequency);
  const mScore = quintileScores(cols.monetary);
  const means = {
    recencyDays: mean(cols.recencyDays),
    frequency: mean(cols.frequency),
    monetary: mean(cols.monetary),
  };
  const segment = new Uint8Array(n);
  if (options.highLowBasis === 'score') {
    const [mr, mf, mm] = [mean(rScore), mean(fScore), mean(mScore)];
    for (let i = 0; i < n; i++)
      segment[i] = rfmSegmentIndex(rScore[i] > mr, fScore[i] > mf, mScore[i] > mm);
  } else {
    for (let i = 0; i < n; i++) {
      segment[i] = rfmSegmentIndex(
        cols.recencyDays[i] < means.recencyDays,
        cols.frequency[i] > means.frequency,
        cols.monetary[i] > means.monetary,
      );
    }
  }
  return { rScore, fScore, mScore, segment, means };
}

export interface RfmRow {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmResult {
  rScore: number;
  fScore: number;
  mScore: number;
  recent: boolean;
  frequent: boolean;
  highValue: boolean;
  segment: RfmSegment;
}

/** Row-oriented convenience wrapper over scoreRfmColumns. */
export function scoreRfm(rows: readonly RfmRow[], options: RfmOptions = {}): RfmResult[] {
  const s = scoreRfmColumns(
    {
      recencyDays: rows.map((r) => r.recencyDays),
      frequency: rows.map((r) => r.frequency),
      monetary: rows.map((r) => r.monetary),
    },
    options,
  );
  return rows.map((_, i) => {
    const segment = RFM_SEGMENTS[s.segment[i]];
    return {
      rScore: s.rScore[i],
      fScore: s.fScore[i],
      mScore: s.mScore[i],
      recent: !segmentIs(segment, 'R↓'),
      frequent: !segmentIs(segment, 'F↓'),
      highValue: segment.startsWith('重要'),
      segment,
    };
  });
}

const SEGMENT_FLAGS: Record<RfmSegment, string> = {
  重要价值: 'R↑F↑M↑',
  重要发展: 'R↑F↓M↑',
  重要保持: 'R↓F↑M↑',
  重要挽留: 'R↓F↓M↑',
  一般价值: 'R↑F↑M↓',
  一般发展: 'R↑F↓M↓',
  一般保持: 'R↓F↑M↓',
  一般挽留: 'R↓F↓M↓',
};

/** The R/F/M arrows of a segment, e.g. '重要发展' → 'R↑F↓M↑'. */
export function rfmSegmentFlags(segment: RfmSegment): string {
  return SEGMENT_FLAGS[segment];
}

function segmentIs(segment: RfmSegment, flag: string): boolean {
  return SEGMENT_FLAGS[segment].includes(flag);
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length > 0 ? s / values.length : 0;
}
