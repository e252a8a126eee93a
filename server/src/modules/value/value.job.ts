import { performance } from 'node:perf_hooks';
import {
  addOrderToMemberStats,
  beijingDayNumber,
  emptyMemberStats,
  formatDay,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { MembersService } from '../members';
import type { OrdersService } from '../orders';
import type { AlertsService, RaiseAlert } from './alerts.service';
import type { RunPhase, ValueModels, ValueRunDoc } from './value.model';
import type { ValuePorts } from './value.ports';
import { type ScoringSettings, scorePopulation } from './value.scoring';
import { followUp, influenceScores } from './value.signals';
import { memberWarnings, perkWarnings, type WarningSettings } from './value.warnings';

const JOB = 'value.nightly';
const LEASE_MS = 10 * 60_000;

export interface ValueJobSettings extends ScoringSettings, WarningSettings {
  batchSize: number;
  /** Days of engagement the influence score counts. */
  influenceDays: number;
}

export interface ValueJobResult {
  ran: boolean;
  runId: string | null;
  scored: number;
  alertsRaised: number;
  durationMs: number;
}

export interface RunOptions {
  /** Tests: stop after this many batches without releasing the lease, as a killed process would. */
  haltAfterBatches?: number;
  batchSize?: number;
}

class Halted extends Error {}

/**
 * The nightly value run: (1) rebuild each member's purchase statistics from their orders, net of
 * refunds; (2) score the whole population (RFM, BG/NBD + Gamma-Gamma) and store one snapshot per
 * member; (3) raise warnings against the previous run. Progress is checkpointed in the lease
 * cursor as `runId|phase|after`, every write is an upsert or a deduped alert, and phase 2 is a
 * deterministic function of phase 1's stored statistics, so a killed run resumes without
 * double effects.
 */
export class ValueJob {
  private readonly leases: JobLeases;
  /** Called with the run id once a run is done (e.g. WeCom segment tags). */
  readonly onFinished: ((runId: string) => Promise<unknown>)[] = [];

  constructor(
    private readonly core: Core,
    private readonly m: ValueModels,
    private readonly members: MembersService,
    private readonly orders: OrdersService,
    private readonly alerts: AlertsService,
    private readonly ports: ValuePorts,
    readonly settings: ValueJobSettings,
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
  }

  /** The same job as another server process would run it (its own lease holder). */
  fork(): ValueJob {
    return new ValueJob(
      this.core,
      this.m,
      this.members,
      this.orders,
      this.alerts,
      this.ports,
      this.settings,
    );
  }

  /** For the hourly scheduler: runs (or resumes) today's run unless it has finished. */
  async runDue(): Promise<ValueJobResult> {
    const runId = formatDay(beijingDayNumber(this.core.clock.now()));
    const today = await this.m.Run.findById(runId, { phase: 1 }).lean();
    if (today?.phase === 'done')
      return { ran: false, runId, scored: 0, alertsRaised: 0, durationMs: 0 };
    return this.run();
  }

  async run(options: RunOptions = {}): Promise<ValueJobResult> {
    const batchSize = options.batchSize ?? this.settings.batchSize;
    const started = performance.now();
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    if (!lease) return { ran: false, runId: null, scored: 0, alertsRaised: 0, durationMs: 0 };
    const asOfDay = beijingDayNumber(this.core.clock.now());
    const runId = formatDay(asOfDay);
    const [cRun, cPhase, cAfter] = (lease.cursor ?? '').split('|');
    // A cursor from an unfinished run of another day is dropped: today's run supersedes it.
    const resume = cRun === runId ? { phase: cPhase as RunPhase, after: cAfter ?? '' } : null;
    let budget = options.haltAfterBatches ?? Number.POSITIVE_INFINITY;
    const step = async (phase: RunPhase, after: string) => {
      if (!(await this.leases.checkpoint(JOB, `${runId}|${phase}|${after}`, LEASE_MS)))
        throw new Error('value job: lease lost');
      if (--budget <= 0) throw new Halted();
    };
    try {
      const run = await this.openRun(runId, asOfDay, resume !== null);
      const phase = resume?.phase ?? 'stats';
      const phaseMs: Record<string, number> = {};
      const timed = async (name: string, work: () => Promise<void>) => {
        const t0 = performance.now();
        await work();
        phaseMs[name] = Math.round(performance.now() - t0);
      };
      if (phase === 'stats')
        await timed('stats', () => this.statsPhase(run, resume?.after ?? '', batchSize, step));
      if (phase === 'stats' || phase === 'score') {
        const after = phase === 'score' ? (resume?.after ?? '') : '';
        await timed('score', () => this.scorePhase(run, after, batchSize, step));
      }
      const after = phase === 'alerts' ? (resume?.after ?? '') : '';
      await timed('alerts', () => this.alertsPhase(run, after, batchSize, step));
      const done = await this.m.Run.findOneAndUpdate(
        { _id: runId },
        { $set: { phase: 'done', finishedAt: this.core.clock.now() } },
        { returnDocument: 'after' },
      ).lean();
      await this.leases.release(JOB);
      const result = {
        ran: true,
        runId,
        scored: done?.scored ?? 0,
        alertsRaised: done?.alertsRaised ?? 0,
        durationMs: Math.round(performance.now() - started),
      };
      this.core.logger.info({ ...result, phaseMs }, 'value job finished');
      for (const hook of this.onFinished) {
        // Followers are best effort: each has its own nightly catch-up.
        await hook(runId).catch((err: unknown) =>
          this.core.logger.error({ err, runId }, 'value run follower failed'),
        );
      }
      return result;
    } catch (err) {
      if (err instanceof Halted) {
        return { ran: false, runId, scored: 0, alertsRaised: 0, durationMs: 0 };
      }
      throw err;
    }
  }

  private async openRun(runId: string, asOfDay: number, resuming: boolean): Promise<ValueRunDoc> {
    const previous = await this.m.Run.findOne(
      { phase: 'done', asOfDay: { $lt: asOfDay } },
      { _id: 1 },
    )
      .sort({ asOfDay: -1 })
      .lean();
    const fresh = {
      asOfDay,
      startedAt: this.core.clock.now(),
      previousRunId: previous?._id ?? null,
    };
    // A second run of a finished day recomputes it; a resumed run keeps its state.
    const update = resuming
      ? { $setOnInsert: { ...fresh, phase: 'stats' } }
      : { $set: { ...fresh, phase: 'stats', finishedAt: null, scored: 0, alertsRaised: 0 } };
    const run = await this.m.Run.findOneAndUpdate({ _id: runId }, update, {
      upsert: true,
      returnDocument: 'after',
    }).lean();
    if (!run) throw new Error(`value job: run ${runId} missing after upsert`);
    return run;
  }

  private async statsPhase(
    run: ValueRunDoc,
    after: string,
    batchSize: number,
    step: (phase: RunPhase, after: string) => Promise<void>,
  ): Promise<void> {
    let cursor = after;
    for (;;) {
      const batch = await this.members.query.scan({ after: cursor, limit: batchSize }, [
        'tierCode',
      ]);
      if (batch.length === 0) break;
      const ids = batch.map((b) => b._id);
      const orders = await this.orders.amountsOf(ids);
      const states = new Map(ids.map((id) => [String(id), emptyMemberStats()]));
      for (const o of orders) {
        const state = states.get(String(o.memberId));
        if (state)
          addOrderToMemberStats(
            state,
            beijingDayNumber(o.paidAt),
            o.amount,
            o.amount - o.refundable,
          );
      }
      const writes = batch
        .filter((b) => (states.get(String(b._id))?.daily.length ?? 0) > 0)
        .map((b) => ({
          updateOne: {
            filter: { _id: b._id },
            update: {
              $set: {
                runId: run._id,
                tierCode: b.tierCode,
                daily: states.get(String(b._id))!.daily,
              },
            },
            upsert: true,
          },
        }));
      if (writes.length > 0) await this.m.Stats.bulkWrite(writes, { ordered: false });
      cursor = String(batch[batch.length - 1]!._id);
      await step('stats', cursor);
    }
  }

  private async scorePhase(
    run: ValueRunDoc,
    after: string,
    batchSize: number,
    step: (phase: RunPhase, after: string) => Promise<void>,
  ): Promise<void> {
    const stats = await this.m.Stats.find({ runId: run._id }).sort({ _id: 1 }).lean();
    const previous = run.previousRunId
      ? await this.m.Run.findById(run.previousRunId, { model: 1 }).lean()
      : null;
    const { rows, model } = scorePopulation(
      stats.map((s) => ({ memberId: s._id, tierCode: s.tierCode, state: { daily: s.daily } })),
      run.asOfDay,
      this.settings,
      previous?.model ?? null,
      await influenceScores(this.ports.engagement, run.asOfDay, this.settings.influenceDays),
    );
    let from = after ? Number(after) : 0;
    // Snapshots of an earlier attempt of this day go; a resumed phase keeps what it wrote.
    if (from === 0) await this.m.Snapshot.deleteMany({ runId: run._id });
    await this.m.Run.updateOne(
      { _id: run._id },
      { $set: { model, scored: rows.length, phase: 'score' } },
    );
    while (from < rows.length) {
      const slice = rows.slice(from, from + batchSize);
      await this.m.Snapshot.bulkWrite(
        slice.map((r) => ({
          updateOne: {
            filter: { runId: run._id, memberId: r.memberId },
            update: { $set: { ...r, runId: run._id } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      from += slice.length;
      await step(from < rows.length ? 'score' : 'alerts', from < rows.length ? String(from) : '');
    }
  }

  private async alertsPhase(
    run: ValueRunDoc,
    after: string,
    batchSize: number,
    step: (phase: RunPhase, after: string) => Promise<void>,
  ): Promise<void> {
    await this.m.Run.updateOne({ _id: run._id }, { $set: { phase: 'alerts' } });
    let cursor = after;
    const runs = { runId: run._id, previousRunId: run.previousRunId };
    for (;;) {
      const filter: Record<string, unknown> = { runId: run._id };
      if (cursor) filter.memberId = { $gt: new Types.ObjectId(cursor) };
      const batch = await this.m.Snapshot.find(filter)
        .sort({ memberId: 1 })
        .limit(batchSize)
        .lean();
      if (batch.length === 0) break;
      const before = run.previousRunId
        ? await this.m.Snapshot.find({
            runId: run.previousRunId,
            memberId: { $in: batch.map((b) => b.memberId) },
          }).lean()
        : [];
      const prevOf = new Map(before.map((b) => [String(b.memberId), b]));
      const raised: RaiseAlert[] = batch.flatMap((cur) =>
        memberWarnings(prevOf.get(String(cur.memberId)) ?? null, cur, runs, this.settings),
      );
      await this.raiseAll(run, raised);
      cursor = String(batch[batch.length - 1]!.memberId);
      await step('alerts', cursor);
    }
    const weekStart = formatDay(run.asOfDay - ((run.asOfDay + 3) % 7));
    await this.raiseAll(
      run,
      perkWarnings(await this.ports.perks.metrics(), weekStart, this.settings),
    );
  }

  private async raiseAll(run: ValueRunDoc, alerts: RaiseAlert[]): Promise<void> {
    let created = 0;
    for (const a of alerts) {
      if ((await this.alerts.raise(a)).created) created++;
      // Follow-ups are idempotent by sourceKey, so a retry after a crash completes them.
      if (a.memberId) await followUp(this.ports.followUps, a.memberId, a);
    }
    if (created > 0)
      await this.m.Run.updateOne({ _id: run._id }, { $inc: { alertsRaised: created } });
  }
}
