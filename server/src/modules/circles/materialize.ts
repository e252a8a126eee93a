import { performance } from 'node:perf_hooks';
import { beijingDay, fieldsOf } from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { CircleDoc, CircleModels } from './circles.model';
import { type Column, columnKey, evaluate, type Mask } from './evaluate';
import { type Bucket, type Diff, MemberSets } from './member-sets';
import type { CircleMemberships } from './memberships';
import { bytesOf, ID_BYTES, packIds } from './packed';
import type { Profiles } from './profiles';

const JOB = 'circles.materialize';
const LEASE_MS = 10 * 60_000;
/** Ids per change document (1.2 MB): a first run over 1M members writes a few dozen. */
const CHANGE_CHUNK = 100_000;

export interface MaterializeResult {
  ran: boolean;
  runId: string | null;
  circles: number;
  entered: number;
  exited: number;
  seconds: number;
  /** Where the time went: building the profiles, evaluating, writing records and memberships. */
  phases: { profiles: number; evaluate: number; write: number };
}

/** Test seam: lets a test "kill" a run while or after a circle's change records are written. */
export interface MaterializeFaults {
  afterChunk?(circleId: string, chunk: number): Promise<void>;
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
 * the lease's cursor, so a killed run continues with the same run id.
 *
 * Every entry and exit is recorded once: a circle's changes are written first, as packed
 * chunks, then the circle is marked (`changesRunId`), then the changes are applied. A resumed
 * run that finds the mark re-applies the recorded changes (applying is idempotent) instead of
 * recomputing them; one that doesn't deletes any partial chunks and starts the circle over.
 * Chunks rather than a document per change: a first run over 1M members makes ~2.7M changes,
 * which as single documents with their indexes cost minutes on their own.
 */
export class CircleMaterializer {
  private readonly leases: JobLeases;
  private readonly sets: MemberSets;

  constructor(
    private readonly core: Core,
    private readonly m: CircleModels,
    private readonly memberships: CircleMemberships,
    private readonly profiles: () => Promise<Profiles>,
    readonly faults: MaterializeFaults = {},
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
    this.sets = new MemberSets(m);
  }

  /** Ids per change document; tests make it small to cover records of many chunks. */
  changeChunk = CHANGE_CHUNK;

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
    const t0 = performance.now();
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    const phases = { profiles: 0, evaluate: 0, write: 0 };
    const result: MaterializeResult = {
      ran: false,
      runId: null,
      circles: 0,
      entered: 0,
      exited: 0,
      seconds: 0,
      phases,
    };
    if (!lease) return result;
    const now = this.core.clock.now();
    const progress: Progress = lease.cursor
      ? (JSON.parse(lease.cursor) as Progress)
      : // Unique even under a stopped clock: a circle's mark says which run's records are whole.
        { runId: `${beijingDay(now)}-${new Types.ObjectId().toHexString()}`, done: [] };
    result.ran = true;
    result.runId = progress.runId;
    try {
      const profiles = await this.profiles();
      const circles = await this.m.Circle.find({}).sort({ _id: 1 }).lean();
      // Every column the rules read, loaded up front so the phases below time what they say.
      const active = circles.filter((c) => c.status === 'active');
      await profiles.columnsFor(active.flatMap((c) => fieldsOf(c.rule)));
      phases.profiles = performance.now() - t0;
      for (const circle of circles) {
        if (progress.done.includes(circle._id)) continue;
        const r = await this.circle(circle, profiles, progress.runId, now, phases);
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
    result.seconds = (performance.now() - t0) / 1000;
    for (const k of ['profiles', 'evaluate', 'write'] as const) phases[k] /= 1000;
    this.core.logger.info(result, 'circles materialised');
    return result;
  }

  private async circle(
    circle: CircleDoc,
    profiles: Profiles,
    runId: string,
    now: Date,
    phases: MaterializeResult['phases'],
  ) {
    const t0 = performance.now();
    const current = await this.sets.read(circle._id);
    let diff: Diff;
    if (circle.changesRunId === runId) {
      diff = await this.recorded(circle._id, runId); // recorded by the attempt that was killed
      phases.write += performance.now() - t0;
    } else {
      // Drafts and archived circles have no members: everyone still listed leaves.
      const mask = circle.status === 'active' ? await maskOf(profiles, circle.rule) : null;
      diff = diffOf(current, mask, profiles, now);
      const t1 = performance.now();
      phases.evaluate += t1 - t0;
      await this.record(circle._id, runId, diff);
      phases.write += performance.now() - t1;
    }
    await this.faults.afterChanges?.(circle._id);
    const t2 = performance.now();
    const applied = await this.sets.apply(circle._id, current, diff);
    const size = circle.status === 'active' ? applied : 0;
    const day = beijingDay(now);
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
    phases.write += performance.now() - t2;
    return { entered: count(diff.enter), exited: count(diff.exit) };
  }

  /** Writes a circle's changes for this run, whole or not at all (then marks the circle). */
  private async record(circleId: string, runId: string, diff: Diff): Promise<void> {
    if (!diff.enter.byteLength && !diff.exit.byteLength) return;
    await this.m.Change.deleteMany({ circleId, runId }); // chunks of a killed attempt
    const day = beijingDay(diff.at);
    let chunk = 0;
    for (const kind of ['enter', 'exit'] as const) {
      const ids = diff[kind];
      const step = this.changeChunk * ID_BYTES;
      for (let from = 0; from < ids.byteLength; from += step) {
        const part = ids.subarray(from, from + step);
        await this.m.Change.collection.insertOne({
          circleId,
          runId,
          kind,
          chunk,
          day,
          at: diff.at,
          n: count(part),
          ids: packIds(part),
        });
        await this.faults.afterChunk?.(circleId, chunk);
        chunk++;
      }
    }
    await this.m.Circle.updateOne({ _id: circleId }, { $set: { changesRunId: runId } });
  }

  private async recorded(circleId: string, runId: string): Promise<Diff> {
    const rows = await this.m.Change.find({ circleId, runId }).sort({ chunk: 1 }).lean();
    const join = (kind: string) =>
      concat(rows.filter((r) => r.kind === kind).map((r) => bytesOf(r.ids)));
    return { enter: join('enter'), exit: join('exit'), at: rows[0]?.at ?? new Date(0) };
  }
}

const count = (ids: Uint8Array) => ids.byteLength / ID_BYTES;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Who enters and who leaves: current members outside the mask (or no longer in the population)
 * leave; masked members not yet listed enter.
 */
function diffOf(current: Map<number, Bucket>, mask: Mask | null, p: Profiles, at: Date): Diff {
  const listed = new Uint8Array(p.n);
  const exits: Uint8Array[] = [];
  for (const { ids } of current.values()) {
    for (let j = 0; j < count(ids); j++) {
      const id = ids.subarray(j * ID_BYTES, (j + 1) * ID_BYTES);
      const i = p.indexOfBytes(id);
      if (i !== undefined && mask?.[i]) listed[i] = 1;
      else exits.push(id);
    }
  }
  let entering = 0;
  if (mask) for (let i = 0; i < p.n; i++) entering += mask[i]! & (listed[i]! ^ 1);
  const enter = new Uint8Array(entering * ID_BYTES);
  const all = p.ids;
  let k = 0;
  if (mask) {
    for (let i = 0; i < p.n; i++) {
      if (!mask[i] || listed[i]) continue;
      enter.set(all.subarray(i * ID_BYTES, (i + 1) * ID_BYTES), k++ * ID_BYTES);
    }
  }
  return { enter, exit: concat(exits), at };
}
