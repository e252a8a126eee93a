import { beijingDay, beijingParts } from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { BulkCollection } from '../../lib/bulk';
import { AppError } from '../../lib/errors';
import type { PlaybookDoc, PlaybookModels, RunDoc } from './playbooks.model';
import type { PlaybookPorts } from './ports';
import { type Entry, isSignalTrigger, signalEntries } from './signals';

type Id = Types.ObjectId;
const BATCH = 1_000;
const OPEN: RunDoc['status'][] = ['waiting', 'running', 'paused'];

/** A paid order, as the goal check sees it. */
export interface Paid {
  memberId: Id;
  paidAt: Date;
  fen: number;
}

/** A run at its first step, due now (also what the benchmark bulk-loads). */
export function newRun(
  p: Pick<PlaybookDoc, '_id' | 'version' | 'definition'>,
  memberId: Id,
  episode: string,
  now: Date,
  vars?: Record<string, string>,
): RunDoc {
  return {
    ...(vars ? { vars } : {}),
    _id: new Types.ObjectId(),
    playbookId: p._id,
    version: p.version,
    memberId,
    episode,
    priority: p.definition.priority,
    status: 'waiting',
    step: 0,
    seq: 0,
    dueAt: now,
    leaseToken: null,
    leaseUntil: null,
    startedAt: now,
    endedAt: null,
    outcome: null,
    waitingFor: null,
    lastOutcome: null,
    taskOutcome: null,
    history: [],
    convertedFen: 0,
  };
}

/** Enrolment into runs, goal exits, consultant outcomes and the per-playbook funnel. */
export class PlaybookRuns {
  private readonly runs: BulkCollection<RunDoc>;

  constructor(
    private readonly core: Core,
    private readonly m: PlaybookModels,
    private readonly ports: Pick<PlaybookPorts, 'audience' | 'members' | 'signals'>,
  ) {
    this.runs = new BulkCollection(m.Run);
  }

  /** Enters the playbook's audience as its trigger defines it (see insertRuns). */
  async enroll(p: PlaybookDoc): Promise<number> {
    if (p.status !== 'active' || !p.activatedAt) return 0;
    const { trigger } = p.definition;
    if (trigger.type === 'tier_changed') return 0; // entered by the event (tierChanged)
    if (trigger.type === 'birthday_month') return this.enrollBirthdays(p, trigger.circleId);
    const activatedAt = p.activatedAt;
    if (isSignalTrigger(trigger)) {
      const now = this.core.clock.now();
      return this.insertRuns(p, await signalEntries(trigger, this.ports, activatedAt, now));
    }
    const members = await this.ports.audience.membersOf(trigger.circleId);
    const entries = members
      .filter(
        (x) =>
          trigger.type === 'one_off' ||
          trigger.includeCurrent ||
          x.since.getTime() >= activatedAt.getTime(),
      )
      .map((x) => ({
        memberId: x.memberId,
        episode: trigger.type === 'one_off' ? 'once' : `circle:${x.since.getTime()}`,
      }));
    return this.insertRuns(p, entries);
  }

  /** Beijing day each birthday playbook last looked at its circle (once a day is enough). */
  private readonly birthdaysSeen = new Map<string, string>();

  /** Circle members whose birthday month this is: one run per member and Beijing year. */
  private async enrollBirthdays(p: PlaybookDoc, circleId: string): Promise<number> {
    const now = this.core.clock.now();
    const today = beijingDay(now);
    if (this.birthdaysSeen.get(p._id) === today) return 0;
    const { year, month } = beijingParts(now);
    const members = await this.ports.audience.membersOf(circleId);
    let entered = 0;
    for (let i = 0; i < members.length; i += BATCH) {
      const ids = members.slice(i, i + BATCH).map((x) => x.memberId);
      const months = await this.ports.members.birthdayMonthsOf(ids);
      const due = ids.filter((id) => months.get(String(id)) === month);
      entered += await this.insertRuns(
        p,
        due.map((memberId) => ({ memberId, episode: `birthday:${year}` })),
      );
    }
    this.birthdaysSeen.set(p._id, today);
    return entered;
  }

  /**
   * One run per (playbook, member, episode), so repeating an enrolment (every tick, two
   * instances at once) adds nothing. Members in a run of a higher-priority playbook are left
   * out this time.
   */
  private async insertRuns(p: PlaybookDoc, entries: Entry[]) {
    const now = this.core.clock.now();
    let entered = 0;
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      const busy = await this.busyAbove(
        batch.map((x) => x.memberId),
        p.definition.priority,
        p._id,
      );
      const docs = batch
        .filter((x) => !busy.has(String(x.memberId)))
        .map((x) => newRun(p, x.memberId, x.episode, now, x.vars));
      const dup = await this.runs.insertNew(docs.map((d) => this.runs.make(d)));
      entered += docs.length - dup.size;
    }
    return entered;
  }

  /**
   * A tier change enters the member into each active tier-change playbook whose direction
   * and circle match: the episode is the tier version, so a redelivered event adds nothing.
   * Returns the new runs (to execute their first step now).
   */
  async tierChanged(
    change: { memberId: Id; version: number; direction: 'up' | 'down' },
    playbooks: PlaybookDoc[],
  ): Promise<Id[]> {
    const matching = playbooks.filter(
      (p) =>
        p.status === 'active' &&
        p.definition.trigger.type === 'tier_changed' &&
        p.definition.trigger.direction === change.direction,
    );
    if (matching.length === 0) return [];
    const circles = await this.ports.audience.circlesOf(change.memberId);
    const entered: Id[] = [];
    for (const p of matching) {
      if (!circles.has(p.definition.trigger.circleId)) continue;
      const busy = await this.busyAbove([change.memberId], p.definition.priority, p._id);
      if (busy.size > 0) continue;
      const doc = newRun(p, change.memberId, `tier:${change.version}`, this.core.clock.now());
      const dup = await this.runs.insertNew([this.runs.make(doc)]);
      if (dup.size === 0) entered.push(doc._id);
    }
    return entered;
  }

  /** Members (of `ids`) in an unfinished run of a playbook with a higher priority. */
  private async busyAbove(ids: Id[], priority: number, playbookId: string): Promise<Set<string>> {
    const rows = await this.m.Run.find(
      {
        memberId: { $in: ids },
        status: { $in: ['waiting', 'running', 'paused'] },
        priority: { $lt: priority },
        playbookId: { $ne: playbookId },
      },
      { memberId: 1 },
    ).lean();
    return new Set(rows.map((r) => String(r.memberId)));
  }

  /**
   * Purchases end their members' runs whose goal is a purchase and that started before them:
   * the run stops where it is and records the conversion (idempotent: only open runs match).
   * One read for the whole batch (an import's); most buyers are in no run at all.
   */
  async purchased(paid: Paid[], goals: () => Promise<(id: string) => boolean>) {
    if (paid.length === 0) return;
    const open = await this.m.Run.find(
      { memberId: { $in: paid.map((p) => p.memberId) }, status: { $in: OPEN } },
      { playbookId: 1, memberId: 1, startedAt: 1 },
    ).lean();
    if (open.length === 0) return;
    const goalOf = await goals();
    for (const r of open) {
      if (!goalOf(r.playbookId)) continue;
      const p = paid.find(
        (x) => x.memberId.equals(r.memberId) && x.paidAt.getTime() >= r.startedAt.getTime(),
      );
      if (!p) continue;
      await this.m.Run.updateOne(
        { _id: r._id, status: { $in: OPEN } },
        {
          $set: {
            status: 'done',
            outcome: 'converted',
            endedAt: this.core.clock.now(),
            convertedFen: p.fen,
            leaseToken: null,
            leaseUntil: null,
          },
          $push: { history: { seq: -1, step: -1, type: 'goal', at: p.paidAt, result: '已下单' } },
        },
      );
    }
  }

  /** The consultant marked a playbook task done: the run resumes now with that outcome. */
  async taskDone(followUpId: string, outcome: string): Promise<RunDoc['_id'] | null> {
    const run = await this.m.Run.findOneAndUpdate(
      { waitingFor: followUpId, status: { $in: ['waiting', 'paused'] } },
      { $set: { taskOutcome: outcome, dueAt: this.core.clock.now() } },
      { returnDocument: 'after' },
    ).lean();
    return run?._id ?? null;
  }

  /** The run of a consultant task (for the sidebar's script and outcomes). */
  async byTask(followUpId: string): Promise<RunDoc> {
    const run = await this.m.Run.findOne({ waitingFor: followUpId }).lean();
    if (!run) throw AppError.of('PLAYBOOK_TASK_NOT_FOUND', '这个任务不属于进行中的运营剧本');
    return run;
  }

  /** Entered → touched → converted, and how many runs reached each step. */
  async funnel(playbookId: string) {
    const [byOutcome, steps, touched] = await Promise.all([
      this.m.Run.aggregate<{ _id: string | null; n: number; fen: number }>([
        { $match: { playbookId } },
        { $group: { _id: '$outcome', n: { $sum: 1 }, fen: { $sum: '$convertedFen' } } },
      ]),
      this.m.Run.aggregate<{ _id: number; n: number }>([
        { $match: { playbookId } },
        { $unwind: '$history' },
        { $match: { 'history.type': { $nin: ['deferred', 'goal'] } } },
        { $group: { _id: { run: '$_id', step: '$history.step' } } },
        { $group: { _id: '$_id.step', n: { $sum: 1 } } },
      ]),
      this.m.Touch.aggregate<{ n: number }>([
        { $match: { playbookId } },
        { $group: { _id: '$memberId' } },
        { $count: 'n' },
      ]),
    ]);
    const count = (o: string | null) => byOutcome.find((x) => x._id === o)?.n ?? 0;
    return {
      entered: byOutcome.reduce((a, x) => a + x.n, 0),
      active: count(null),
      touched: touched[0]?.n ?? 0,
      converted: count('converted'),
      completed: count('completed'),
      stopped: count('stopped'),
      revenueFen: byOutcome.find((x) => x._id === 'converted')?.fen ?? 0,
      steps: steps.map((s) => ({ step: s._id, runs: s.n })).sort((a, b) => a.step - b.step),
    };
  }

  runsOf(memberId: Id) {
    return this.m.Run.find({ memberId }).sort({ startedAt: -1 }).limit(20).lean();
  }
}
