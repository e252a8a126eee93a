/**
 * Population reports over RFM snapshots: migration between two snapshot dates, segment sizes
 * with revenue shares, and the Pareto (concentration) curve. Money in integer fen.
 */
import { RFM_SEGMENTS, type RfmSegment } from './rfm';

export interface SegmentSnapshotRow {
  memberId: string;
  segment: RfmSegment;
}

export interface MigrationMatrix {
  segments: readonly RfmSegment[];
  /** counts[i][j]: members in segments[i] at the first date and segments[j] at the second. */
  counts: number[][];
  /** shares[i][j] = counts[i][j] / fromTotals[i] (0 for an empty row). */
  shares: number[][];
  /** Members in segments[i] at the first date that have no snapshot at the second. */
  exited: number[];
  /** Members in segments[j] at the second date that had no snapshot at the first. */
  entered: number[];
  /** Size of each segment at the first date: Σ_j counts[i][j] + exited[i]. */
  fromTotals: number[];
  /** Size of each segment at the second date: Σ_i counts[i][j] + entered[j]. */
  toTotals: number[];
}

/** Counts and shares of members moving between segments from snapshot `from` to snapshot `to`. */
export function migrationMatrix(
  from: Iterable<SegmentSnapshotRow>,
  to: Iterable<SegmentSnapshotRow>,
): MigrationMatrix {
  const k = RFM_SEGMENTS.length;
  const index = new Map<string, number>(RFM_SEGMENTS.map((s, i) => [s, i]));
  const segmentIndex = (s: string) => {
    const i = index.get(s);
    if (i === undefined) throw new Error(`migrationMatrix: unknown segment '${s}'`);
    return i;
  };
  const before = new Map<string, number>();
  for (const row of from) {
    if (before.has(row.memberId))
      throw new Error(`migrationMatrix: member ${row.memberId} twice in the first snapshot`);
    before.set(row.memberId, segmentIndex(row.segment));
  }
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const entered = new Array<number>(k).fill(0);
  const seen = new Set<string>();
  for (const row of to) {
    if (seen.has(row.memberId))
      throw new Error(`migrationMatrix: member ${row.memberId} twice in the second snapshot`);
    seen.add(row.memberId);
    const j = segmentIndex(row.segment);
    const i = before.get(row.memberId);
    if (i === undefined) entered[j]++;
    else counts[i][j]++;
  }
  const exited = new Array<number>(k).fill(0);
  for (const [memberId, i] of before) if (!seen.has(memberId)) exited[i]++;
  const fromTotals = counts.map((row, i) => row.reduce((s, c) => s + c, 0) + exited[i]);
  const toTotals = RFM_SEGMENTS.map(
    (_, j) => counts.reduce((s, row) => s + row[j], 0) + entered[j],
  );
  const shares = counts.map((row, i) =>
    row.map((c) => (fromTotals[i] > 0 ? c / fromTotals[i] : 0)),
  );
  return { segments: RFM_SEGMENTS, counts, shares, exited, entered, fromTotals, toTotals };
}

export interface SegmentRevenueRow {
  segment: RfmSegment;
  revenueFen: number;
}

export interface SegmentSummary {
  segment: RfmSegment;
  members: number;
  memberShare: number;
  revenueFen: number;
  revenueShare: number;
}

/** Size and revenue of each of the eight segments (all eight listed, empty ones with zeros). */
export function segmentSummary(rows: Iterable<SegmentRevenueRow>): SegmentSummary[] {
  const members = new Map<string, number>();
  const revenue = new Map<string, number>();
  let totalMembers = 0;
  let totalRevenue = 0;
  for (const r of rows) {
    if (!Number.isInteger(r.revenueFen))
      throw new Error(`segmentSummary: revenueFen must be integer fen, got ${r.revenueFen}`);
    members.set(r.segment, (members.get(r.segment) ?? 0) + 1);
    revenue.set(r.segment, (revenue.get(r.segment) ?? 0) + r.revenueFen);
    totalMembers++;
    totalRevenue += r.revenueFen;
  }
  return RFM_SEGMENTS.map((segment) => {
    const m = members.get(segment) ?? 0;
    const rev = revenue.get(segment) ?? 0;
    return {
      segment,
      members: m,
      memberShare: totalMembers > 0 ? m / totalMembers : 0,
      revenueFen: rev,
      revenueShare: totalRevenue !== 0 ? rev / totalRevenue : 0,
    };
  });
}

export interface ParetoPoint {
  /** Fraction of members, best first. */
  memberShare: number;
  /** Fraction of total revenue they account for. */
  revenueShare: number;
}

/**
 * The concentration curve: for memberShare = 0, 1/points, …, 1, the revenue share of the top
 * round(memberShare · n) members by revenue. Negative revenues (net refunds) count as such.
 */
export function paretoCurve(revenues: ArrayLike<number>, points = 100): ParetoPoint[] {
  const n = revenues.length;
  const sorted = Float64Array.from(revenues).sort().reverse();
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i] + sorted[i];
  const total = cumulative[n];
  const out: ParetoPoint[] = [];
  for (let k = 0; k <= points; k++) {
    const memberShare = k / points;
    const top = Math.round(memberShare * n);
    out.push({ memberShare, revenueShare: total !== 0 ? cumulative[top] / total : 0 });
  }
  return out;
}

/** Revenue share of the top `memberShare` of members (e.g. 0.2 → the "80" of 80/20). */
export function topShareRevenue(revenues: ArrayLike<number>, memberShare: number): number {
  if (!(memberShare >= 0 && memberShare <= 1))
    throw new Error('topShareRevenue: memberShare must be within [0, 1]');
  const sorted = Float64Array.from(revenues).sort().reverse();
  const top = Math.round(memberShare * sorted.length);
  let head = 0;
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    total += sorted[i];
    if (i < top) head += sorted[i];
  }
  return total !== 0 ? head / total : 0;
}
