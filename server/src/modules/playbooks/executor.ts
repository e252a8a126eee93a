import { randomUUID } from 'node:crypto';
import type { PlaybookDefinition, PlaybookSettings, PlaybookStep } from '@circles/shared';
import type { Core } from '../../core';
import { Touches } from './caps';
import { StepEffects, type StepResult } from './steps';
import type { PlaybookModels, RunDoc, RunEvent } from './playbooks.model';
import type { PlaybookPorts } from './ports';

const LEASE_MS = 60_000;
const WORKERS = 4;
const PAGE = 500;

/** Test seam: lets a test "kill" an instance right after a step's side effect. */
export interface ExecutorFaults {
  afterEffect?(run: RunDoc, step: PlaybookStep): Promise<void>;
}

type Definitions = (playbookId: string, version: number) => Promise<PlaybookDefinition>;
type Status = (playbookId: string) => Promise<string | null>;

/**
 * Executes runs: claims a due run with a fresh lease token, executes steps until the run
 * waits or ends, committing each step with a conditional update on that token. Every side
 * effect carries the key `pb:<run>:<seq>`, so an instance that dies after the effect and
 * before the commit leaves a retry that repeats the same key: the grant or message happens
 * once. A lease that expires hands the run to any instance.
 */
export class PlaybookExecutor {
  private readonly steps: StepEffects;

  constructor(
    private readonly core: Core,
    private readonly m: PlaybookModels,
    ports: PlaybookPorts,
    settings: () => Promise<PlaybookSettings>,
    private readonly definitionOf: Definitions,
    private readonly statusOf: Status,
    readonly faults: ExecutorFaults = {},
  ) {
    this.steps = new StepEffects(core, new Touches(m), ports, settings);
  }

  /**
   * Executes due runs until none is due or `limit` were taken; returns how many. A few
   * workers claim in parallel so one run's round trips overlap another's.
   */
  async tick(limit = 1_000, workers = WORKERS): Promise<number> {
    let n = 0;
    const work = async () => {
      while (n < limit) {
        const run = await this.claim();
        if (!run) return;
        n++;
        await this.advance(run);
      }
    };
    const done = await Promise.allSettled(Array.from({ length: workers }, work));
    const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed) throw failed.reason;
    return n;
  }

  /** Executes one run now if it is due (after a consultant marks its task done). */
  async runNow(runId: RunDoc['_id']): Promise<void> {
    const run = await this.claim({ _id: runId });
    if (run) await this.advance(run);
  }

  /** Due run ids read ahead of the workers (one index range scan per page). */
  private candidates: RunDoc['_id'][] = [];
  private refilling: Promise<void> | null = null;

  private async claim(only?: Record<string, unknown>): Promise<RunDoc | null> {
    if (only) return this.claimOne(only);
    for (;;) {
      const id = this.candidates.shift();
      if (id) {
        const run = await this.claimOne({ _id: id });
        if (run) return run;
        continue; // another worker or instance took it: try the next one
      }
      this.refilling ??= this.refill().finally(() => {
        this.refilling = null;
      });
      await this.refilling;
      if (this.candidates.length === 0) return null;
    }
  }

  /**
   * The next page of due ids: abandoned leases first, then due runs, in due order. The claim
   * itself is then by id (a sort inside every findAndModify would cost a sort per run).
   */
  private async refill(): Promise<void> {
    const now = this.core.clock.now();
    const expired = await this.m.Run.find(
      { status: 'running', leaseUntil: { $lte: now } },
      { _id: 1 },
    )
      .limit(PAGE)
      .lean();
    const due = await this.m.Run.find({ status: 'waiting', dueAt: { $lte: now } }, { _id: 1 })
      .sort({ status: 1, dueAt: 1 })
      .limit(PAGE)
      .lean();
    this.candidates = [...expired, ...due].map((r) => r._id);
  }

  /** Takes the run if it is (still) due or its lease ran out, with a fresh lease token. */
  private async claimOne(filter: Record<string, unknown>): Promise<RunDoc | null> {
    const now = this.core.clock.now();
    const lease = {
      status: 'running',
      leaseToken: randomUUID(),
      leaseUntil: new Date(now.getTime() + LEASE_MS),
    };
    // Two plain filters rather than one $or, so each is a single index lookup by id.
    const whens: Array<Record<string, unknown>> = [
      { status: 'waiting', dueAt: { $lte: now } },
      { status: 'running', leaseUntil: { $lte: now } },
    ];
    for (const when of whens) {
      const run = await this.m.Run.findOneAndUpdate(
        { ...filter, ...when },
        { $set: lease },
        { returnDocument: 'after' },
      ).lean<RunDoc>();
      if (run) return run;
    }
    return null;
  }

  private async advance(claimed: RunDoc): Promise<void> {
    let run = claimed;
    const status = await this.statusOf(run.playbookId);
    if (status !== 'active') {
      const to = status === 'paused' ? { status: 'paused' } : this.ended('stopped');
      await this.commit(run, { $set: { ...to, leaseToken: null, leaseUntil: null } });
      return;
    }
    const def = await this.definitionOf(run.playbookId, run.version);
    while (run.step < def.steps.length) {
      const step = def.steps[run.step]!;
      let r: StepResult;
      try {
        r = await this.steps.execute(run, step);
      } catch (err) {
        // Give the lease back so the queue's next tick retries; the key keeps it idempotent.
        await this.commit(run, { $set: { status: 'waiting', dueAt: this.later(60_000) } });
        throw err;
      }
      await this.faults.afterEffect?.(run, step);
      const now = this.core.clock.now();
      const event: RunEvent = {
        seq: run.seq,
        step: run.step,
        type: r.deferred ? 'deferred' : step.type,
        at: now,
        result: r.result,
      };
      const waits = r.resumeAt !== undefined && r.resumeAt.getTime() > now.getTime();
      const $set: Record<string, unknown> = { ...r.set, step: r.next };
      if (waits) Object.assign($set, { status: 'waiting', dueAt: r.resumeAt });
      const inc = r.deferred ? 0 : 1;
      const next = await this.commit(run, { $set, $inc: { seq: inc }, $push: { history: event } });
      if (!next || waits) return;
      run = next;
    }
    await this.commit(run, { $set: { ...this.ended('completed'), leaseToken: null } });
  }

  private ended(outcome: 'completed' | 'stopped') {
    return { status: 'done', outcome, endedAt: this.core.clock.now(), leaseUntil: null };
  }

  private later(ms: number) {
    return new Date(this.core.clock.now().getTime() + ms);
  }

  /** A step's commit: only while this claim still holds the run (else someone took over). */
  private commit(run: RunDoc, update: Record<string, unknown>): Promise<RunDoc | null> {
    return this.m.Run.findOneAndUpdate(
      { _id: run._id, status: 'running', leaseToken: run.leaseToken },
      update,
      { returnDocument: 'after' },
    ).lean<RunDoc>();
  }
}
