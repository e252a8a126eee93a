import { beijingDay, fieldsOf } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import { BulkCollection } from '../../lib/bulk';
import type { CircleChangeDoc, CircleDoc, CircleMemberDoc, CircleModels } from './circles.model';
import { type Column, columnKey, evaluate, type Mask, selected } from './evaluate';
import type { CircleMemberships } from './memberships';
import type { Profiles } from './profiles';

type Id = Types.ObjectId;
const JOB = 'circles.materialize';
const LEASE_MS = 10 * 60_000;

export interface MaterializeResult {
  ran: boolean;
  runId: string | null;
  circles: number;
  entered: number;
  exited: number;
  seconds: number;
}

/** Test seam: lets a test "kill" a run after a circle's change records are written. */
export interface MaterializeFaults {
  afterChanges?(circleId: string): Promise<void>;
}

interface Progress {
  runId: string;
  done: string[];
}

/** The mask a rule selects over a population (also what the preview counts). */
export async function maskOf(profiles: Profiles, rule: CircleDoc['rule']): Promise<Mask> {
  const columns = await profiles.columnsFor(fieldsOf(rule));
  return evaluate(rule, profiles.n, (c) => columns.get(columnKey(c)) as Column);
}

/**
 * Recomputes the membership of every active circle and records who entered and who left.
 * Leased (one instance at a time) and resumable: progress (the run id and the circles done) is
 * the lease's cursor, so a killed run continues with the same run id. Each change is written
 * as a record first (unique per circle, member, run and kind) and applied to the membership
 * after, so a rerun recomputes the same difference, finds its records already there and
 * applies what is left: every entry and exit is recorded once.
 */
export class CircleMaterializer {
  private readonly leases: JobLeases;
  private readonly changes: BulkCollection<CircleChangeDoc>;
  private readonly members: BulkCollection<CircleMemberDoc>;

  constructor(
    private readonly core: Core,
    private readonly m: CircleModels,
    private readonly memberships: CircleMemberships,
    private readonly profiles: () => Promise<Profiles>,
    readonly faults: MaterializeFaults = {},
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
    this.changes = new BulkCollection(m.Change);
    this.members = new BulkCollection(m.Member);
  }

  private running: Promise<MaterializeResult> | null = null;

  /** One run at a time in this process too (the lease keeps other instances out). */
  run(): Promise<MaterializeResult> {
    if (this.running) return this.running.then(() => this.run());
    this.running = this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(): Promise<MaterializeResult> {
    const t0 = Date.now();
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    const result: MaterializeResult = {
      ran: false,
      runId: null,
      circles: 0,
      entered: 0,
      exited: 0,
      seconds: 0,
    };
    if (!lease) return result;
    const now = this.core.clock.now();
    const progress: Progress = lease.cursor
      ? (JSON.parse(lease.cursor) as Progress)
      : { runId: `${beijingDay(now)}-${now.getTime().toString(36)}`, done: [] };
    result.ran = true;
    result.runId = progress.runId;
    try {
      const profiles = await this.profiles();
      const circles = await this.m.Circle.find({}).sort({ _id: 1 }).lean();
      for (const circle of circles) {
        if (progress.done.includes(circle._id)) continue;
        const target =
          circle.status === 'active'
            ? selected(await maskOf(profiles, circle.rule)).map((i) => profiles.ids[i]!)
            : []; // drafts and archived circles have no members: everyone still listed leaves
        const r = await this.apply(circle, target, progress.runId, now);
        result.circles += circle.status === 'active' ? 1 : 0;
        result.entered += r.entered;
        result.exited += r.exited;
        progress.done.push(circle._id);
        await this.leases.checkpoint(JOB, JSON.stringify(progress), LEASE_MS);
      }
    } catch (err) {
      // Hand the lease back at once, progress kept: a retry resumes this run where it stopped
      // (a crashed process instead leaves it to expire).
      await this.leases.checkpoint(JOB, JSON.stringify(progress), 0);
      throw err;
    }
    await this.leases.release(JOB);
    this.memberships.invalidate();
    result.seconds = (Date.now() - t0) / 1000;
    this.core.logger.info(result, 'circles materialised');
    return result;
  }

  private async apply(circle: CircleDoc, target: Id[], runId: string, now: Date) {
    const current = await this.m.Member.find({ circleId: circle._id }, { memberId: 1 }).lean();
    const had = new Set(current.map((c) => String(c.memberId)));
    const want = new Set(target.map(String));
    const enters = target.filter((id) => !had.has(String(id)));
    const exits = current.map((c) => c.memberId).filter((id) => !want.has(String(id)));
    const day = beijingDay(now);
    const record = (memberId: Id, kind: 'enter' | 'exit') =>
      this.changes.make({ circleId: circle._id, memberId, kind, day, runId, at: now });
    await this.changes.insertNew([
      ...enters.map((id) => record(id, 'enter')),
      ...exits.map((id) => record(id, 'exit')),
    ]);
    await this.faults.afterChanges?.(circle._id);
    await this.members.insertNew(
      enters.map((memberId) => this.members.make({ circleId: circle._id, memberId, since: now })),
    );
    for (let i = 0; i < exits.length; i += 1000) {
      await this.members.bulkWrite(
        exits.slice(i, i + 1000).map((memberId) => ({
          deleteOne: { filter: { circleId: circle._id, memberId } },
        })),
      );
    }
    const size = circle.status === 'active' ? target.length : 0;
    await this.m.Circle.updateOne(
      { _id: circle._id },
      { $set: { memberCount: size, materializedAt: now, materializedVersion: circle.version } },
    );
    if (circle.status === 'active') {
      await this.m.Daily.updateOne(
        { _id: `${circle._id}:${day}` },
        { $set: { circleId: circle._id, day, members: size } },
        { upsert: true },
      );
    }
    return { entered: enters.length, exited: exits.length };
  }
}
