import {
  formatDay,
  type MemberValueView,
  type MigrationView,
  migrationMatrix,
  paretoCurve,
  RFM_SEGMENTS,
  type RfmSegment,
  rfmSegmentFlags,
  segmentSummary,
  type ValueOverview,
} from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { TiersService } from '../tiers';
import type { AlertsService } from './alerts.service';
import type { ValueModels, ValueRunDoc } from './value.model';
import type { ValuePorts } from './value.ports';

const LATEST_TTL_MS = 1_000;

/** CLV band lower bounds in fen (¥0, ¥100, ¥500, ¥1k, ¥5k, ¥10k, ¥50k). */
const CLV_BANDS = [0, 10_000, 50_000, 100_000, 500_000, 1_000_000, 5_000_000];

const isSegment = (s: string): s is RfmSegment => (RFM_SEGMENTS as readonly string[]).includes(s);

/** Read side of the value engine: member value, dashboard figures, migration. */
export class ValueService {
  constructor(
    private readonly m: ValueModels,
    private readonly members: MembersService,
    private readonly tiers: TiersService,
    private readonly alerts: AlertsService,
    private readonly ports: ValuePorts,
  ) {}

  /** Segment, scores, P(alive), CLV and open warnings as of the member's latest snapshot. */
  async memberValue(memberId: Types.ObjectId): Promise<MemberValueView> {
    // One round of reads (this is on every sidebar card): the member's newest snapshots next to
    // the latest finished run; only a finished run counts, a run in progress is partial.
    const [run, recent, open] = await Promise.all([
      this.latestFinished(),
      this.m.Snapshot.find({ memberId }).sort({ asOfDay: -1 }).limit(3).lean(),
      this.alerts.openFor(memberId),
    ]);
    const snap = !run
      ? null
      : (recent.find((s) => s.runId === run._id) ??
        // Only when several newer (unfinished) runs could hide it.
        (recent.length === 3
          ? await this.m.Snapshot.findOne({ memberId, runId: run._id }).lean()
          : null));
    const warnings = await this.alerts.views(open);
    if (!snap) {
      return {
        memberId: String(memberId),
        asOf: null,
        segment: null,
        segmentFlags: null,
        scores: null,
        recencyDays: null,
        frequency: null,
        monetaryFen: null,
        pAlive: null,
        expectedPurchases90d: null,
        clv12mFen: null,
        influenceScore: null,
        warnings,
      };
    }
    return {
      memberId: String(memberId),
      asOf: formatDay(snap.asOfDay),
      segment: snap.segment,
      segmentFlags: isSegment(snap.segment) ? rfmSegmentFlags(snap.segment) : null,
      scores: { r: snap.rScore, f: snap.fScore, m: snap.mScore },
      recencyDays: snap.recencyDays,
      frequency: snap.frequency,
      monetaryFen: snap.monetaryFen,
      pAlive: snap.pAlive,
      expectedPurchases90d: snap.expectedPurchases90d,
      clv12mFen: snap.clv12mFen,
      influenceScore: snap.influenceScore ?? 0,
      warnings,
    };
  }

  async memberValueByNo(memberNo: string): Promise<MemberValueView> {
    const member = await this.members.byMemberNo(memberNo);
    if (!member) throw AppError.of('MEMBER_NOT_FOUND', '会员不存在');
    return this.memberValue(member._id);
  }

  /**
   * The newest finished run, shared by the reads of one second (every sidebar card asks);
   * this instance's job drops it when a run finishes, another instance's shows within 1 s.
   */
  private latest: { at: number; run: Promise<ValueRunDoc | undefined> } | null = null;

  private latestFinished(): Promise<ValueRunDoc | undefined> {
    const now = performance.now();
    if (!this.latest || now - this.latest.at > LATEST_TTL_MS) {
      const run = this.finishedRuns(1).then(([r]) => r);
      this.latest = { at: now, run };
      run.catch(() => {
        this.latest = null;
      });
    }
    return this.latest.run;
  }

  /** A run finished here: the next read sees it. */
  runFinished(): void {
    this.latest = null;
  }

  /** Finished runs, newest first. */
  private async finishedRuns(limit: number): Promise<ValueRunDoc[]> {
    return this.m.Run.find({ phase: 'done' }).sort({ asOfDay: -1 }).limit(limit).lean();
  }

  /** Migration between two finished runs (default: the last two). */
  async migration(from?: string, to?: string): Promise<MigrationView> {
    let fromId = from ?? null;
    let toId = to ?? null;
    if (!fromId || !toId) {
      const [latest, before] = await this.finishedRuns(2);
      toId = toId ?? latest?._id ?? null;
      const prior = toId ? await this.m.Run.findById(toId, { previousRunId: 1 }).lean() : null;
      fromId = fromId ?? prior?.previousRunId ?? before?._id ?? null;
    }
    for (const id of [fromId, toId]) {
      if (id && !(await this.m.Run.exists({ _id: id, phase: 'done' })))
        throw AppError.of('NOT_FOUND', `没有 ${id} 的价值分层结果`);
    }
    const rows = async (runId: string | null) =>
      runId
        ? (await this.m.Snapshot.find({ runId }, { memberId: 1, segment: 1 }).lean()).flatMap(
            (s) =>
              isSegment(s.segment) ? [{ memberId: String(s.memberId), segment: s.segment }] : [],
          )
        : [];
    const matrix = migrationMatrix(await rows(fromId), await rows(toId));
    return { from: fromId, to: toId, ...matrix, segments: [...matrix.segments] };
  }

  async overview(): Promise<ValueOverview> {
    const [latest] = await this.finishedRuns(1);
    const snaps = latest
      ? await this.m.Snapshot.find(
          { runId: latest._id },
          { segment: 1, monetaryFen: 1, clv12mFen: 1 },
        ).lean()
      : [];
    const revenue = snaps.map((s) => s.monetaryFen);
    const clvBands = CLV_BANDS.map((fromFen, i) => ({
      fromFen,
      members: snaps.filter(
        (s) =>
          s.clv12mFen !== null &&
          s.clv12mFen >= fromFen &&
          (i + 1 === CLV_BANDS.length || s.clv12mFen < CLV_BANDS[i + 1]!),
      ).length,
    }));
    const [tierMix, migration, perkPenetration, openCounts, latestAlerts] = await Promise.all([
      this.tierMix(),
      this.migration(),
      this.ports.perks.metrics(),
      this.alerts.openCounts(),
      this.alerts.list({ status: 'open' }, 1, 10),
    ]);
    return {
      run: latest
        ? {
            asOf: latest._id,
            finishedAt: (latest.finishedAt ?? latest.startedAt).toISOString(),
            scored: latest.scored,
            model: latest.model,
          }
        : null,
      tierMix,
      segments: segmentSummary(
        snaps.flatMap((s) =>
          isSegment(s.segment) ? [{ segment: s.segment, revenueFen: s.monetaryFen }] : [],
        ),
      ).map((r) => ({ ...r, flags: rfmSegmentFlags(r.segment) })),
      pareto: snaps.length > 0 ? paretoCurve(revenue, 20) : [],
      clvBands,
      migration,
      perkPenetration,
      openAlerts: {
        total: Object.values(openCounts).reduce((a, b) => a + b, 0),
        byKind: openCounts,
        latest: await this.alerts.views(latestAlerts.items),
      },
    };
  }

  private async tierMix(): Promise<ValueOverview['tierMix']> {
    const [ladder, counts] = await Promise.all([
      this.tiers.ladder(),
      this.members.query.countByTier(),
    ]);
    const by = counts;
    return ladder.tiers.map((t) => ({
      tierCode: t.code,
      tierName: t.name,
      members: by.get(t.code) ?? 0,
    }));
  }

  /** The latest finished run, or null before the first one. */
  async latestRun(): Promise<{ runId: string; finishedAt: Date | null } | null> {
    const [run] = await this.finishedRuns(1);
    return run ? { runId: run._id, finishedAt: run.finishedAt } : null;
  }

  /** Every member's snapshot of one run, streamed (circles build their columns from it). */
  async *snapshotsOf(runId: string) {
    const cursor = this.m.Snapshot.find({ runId }).lean().cursor({ batchSize: 10_000 });
    for await (const s of cursor) yield s;
  }

  async *latestSnapshots() {
    const run = await this.latestRun();
    if (run) yield* this.snapshotsOf(run.runId);
  }

  /** How many members of a run sit in these segments (the member-health check's base). */
  countInSegments(runId: string, segments: string[]): Promise<number> {
    return this.m.Snapshot.countDocuments({ runId, segment: { $in: segments } }).exec();
  }

  /** The segments of these members in a run. */
  async segmentsOf(runId: string, ids: Types.ObjectId[]): Promise<Map<string, string>> {
    const rows = await this.m.Snapshot.find(
      { runId, memberId: { $in: ids } },
      { memberId: 1, segment: 1 },
    ).lean();
    return new Map(rows.map((r) => [String(r.memberId), r.segment]));
  }
}
