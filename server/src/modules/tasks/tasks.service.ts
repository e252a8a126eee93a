import {
  type MemberTaskView,
  taskPeriodKey,
  previousCnDay,
  signinReward,
  type TaskKind,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { RewardPayer } from '../engagement';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import type { MergeParticipant } from '../members';
import type { OrderDoc } from '../orders';
import { eligibleDefs, TaskDefs } from './task-defs';
import { type TaskDefDoc, type TaskModels, type TaskProgressDoc, taskModels } from './tasks.model';

export interface AdvanceInput {
  /** The event that counts (order number, share id…): counted once per task and period. */
  sourceId: string;
  /** How much it counts (1 for most kinds; fen for `spend`). */
  amount?: number;
  at?: Date;
  /** Extra filter on the task definitions (e.g. the order's categories). */
  match?: (def: TaskDefDoc) => boolean;
}

/** Member tasks: progress from real events, once per member + task + period, then a claim. */
/** Which circles a member is in (circle-exclusive tasks). */
export interface CircleIdsPort {
  idsOf(memberId: Types.ObjectId): Promise<ReadonlySet<string>>;
}

export class TasksService {
  readonly m: TaskModels;
  readonly defs: TaskDefs;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly rewards: RewardPayer,
    private readonly circles: CircleIdsPort,
  ) {
    this.m = taskModels(core.conn);
    this.defs = new TaskDefs(this.m);
  }

  /** Counts an event for every matching task; replaying the same source changes nothing. */
  async advance(memberId: Types.ObjectId, kind: TaskKind, input: AdvanceInput): Promise<void> {
    const member = await this.members.require(memberId);
    const at = input.at ?? this.core.clock.now();
    const defs = await this.defs.activeFor(
      member.tierCode,
      () => this.circles.idsOf(member._id),
      at,
      kind,
    );
    for (const def of defs) {
      if (input.match && !input.match(def)) continue;
      await this.count(
        member._id,
        def,
        taskPeriodKey(def.period, at),
        input.sourceId,
        input.amount ?? 1,
        null,
      );
    }
  }

  private async count(
    memberId: Types.ObjectId,
    def: TaskDefDoc,
    key: string,
    sourceId: string,
    amount: number,
    streak: number | null,
  ): Promise<void> {
    const id = { memberId, taskCode: def.code, periodKey: key };
    try {
      // Completed tasks and already-counted sources fall through to an insert that the unique
      // index refuses: that refusal is the "counted once" guarantee, also under concurrency.
      await this.m.Progress.updateOne(
        { ...id, completedAt: null, sources: { $ne: sourceId } },
        {
          $inc: { count: amount },
          $push: { sources: sourceId },
          $setOnInsert: { streak, claimedAt: null, rewardPoints: null, mergedFrom: [] },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return;
    }
    await this.m.Progress.updateOne(
      { ...id, completedAt: null, count: { $gte: def.target } },
      { $set: { completedAt: this.core.clock.now() } },
    );
  }

  /** Daily sign-in: completes today's sign-in tasks; the streak continues from yesterday. */
  async signin(memberId: Types.ObjectId): Promise<MemberTaskView[]> {
    const member = await this.members.require(memberId);
    const now = this.core.clock.now();
    const defs = await this.defs.activeFor(
      member.tierCode,
      () => this.circles.idsOf(member._id),
      now,
      'signin',
    );
    for (const def of defs) {
      const key = taskPeriodKey(def.period, now);
      const prev = await this.m.Progress.findOne({
        memberId,
        taskCode: def.code,
        periodKey: previousCnDay(now),
        completedAt: { $ne: null },
      }).lean();
      const streak = def.period === 'daily' ? (prev?.streak ?? 0) + 1 : null;
      await this.count(memberId, def, key, `signin:${key}`, 1, streak);
    }
    return (await this.list(memberId)).filter((t) => t.kind === 'signin');
  }

  async list(memberId: Types.ObjectId): Promise<MemberTaskView[]> {
    const member = await this.checkProfile(await this.members.require(memberId));
    const now = this.core.clock.now();
    const defs = await this.defs.activeFor(
      member.tierCode,
      () => this.circles.idsOf(member._id),
      now,
    );
    const keys = defs.map((d) => ({ taskCode: d.code, periodKey: taskPeriodKey(d.period, now) }));
    const docs = keys.length
      ? await this.m.Progress.find({ memberId: member._id, $or: keys }).lean()
      : [];
    const byKey = new Map(docs.map((p) => [`${p.taskCode}|${p.periodKey}`, p]));
    return defs.map((d) =>
      view(d, taskPeriodKey(d.period, now), byKey.get(`${d.code}|${taskPeriodKey(d.period, now)}`)),
    );
  }

  /** Pays a completed task once per period; a replayed claim re-pays idempotently (same keys). */
  async claim(memberId: Types.ObjectId, code: string): Promise<MemberTaskView> {
    const member = await this.checkProfile(await this.members.require(memberId));
    const now = this.core.clock.now();
    const def = (
      await this.defs.activeFor(member.tierCode, () => this.circles.idsOf(member._id), now)
    ).find((d) => d.code === code);
    if (!def) throw AppError.of('NOT_FOUND', '任务不存在或当前不可做');
    const key = taskPeriodKey(def.period, now);
    const id = { memberId: member._id, taskCode: code, periodKey: key };
    let p = await this.m.Progress.findOne(id).lean();
    if (!p?.completedAt) throw AppError.of('TASK_NOT_COMPLETED', '任务尚未完成，暂不能领取');
    const points =
      def.kind === 'signin'
        ? signinReward(p.streak ?? 1, def.reward.points, def.streakBonus)
        : def.reward.points;
    await this.m.Progress.updateOne(
      { ...id, claimedAt: null },
      { $set: { claimedAt: now, rewardPoints: points } },
    );
    p = (await this.m.Progress.findOne(id).lean())!;
    await this.rewards.pay(
      member._id,
      {
        points: p.rewardPoints ?? points,
        growth: def.reward.growth,
        perkCode: def.reward.perkCode,
      },
      {
        pointsReason: def.kind === 'signin' ? 'signin' : 'task',
        growthReason: 'task',
        sourceType: 'task',
        sourceId: `${code}:${key}`,
        key: `task:${member._id}:${code}:${key}`,
        note: def.name,
        at: now,
      },
    );
    return view(def, key, p);
  }

  /** Profile completion is read from the member record (nickname, birthday and phone). */
  private async checkProfile(member: MemberDoc): Promise<MemberDoc> {
    if (member.nickname && member.birthday && member.phoneHash) {
      await this.advance(member._id, 'profile', { sourceId: 'profile' });
    }
    return member;
  }

  /** orders.onPaid: spend and category purchase tasks (counted in the order's period). */
  async onOrderPaid(order: OrderDoc): Promise<void> {
    const member = await this.members.require(order.memberId);
    await this.onOrdersPaid([{ order, member }]);
  }

  /**
   * The batch form (imports): the task list is read once for the whole batch and each order
   * is counted only against the tasks its member may do.
   */
  async onOrdersPaid(pairs: Array<{ order: OrderDoc; member: MemberDoc }>): Promise<void> {
    const all = await this.defs.unarchived(['spend', 'category_purchase']);
    if (all.length === 0) return;
    for (const { order, member } of pairs) {
      const at = order.paidAt;
      const defs = await eligibleDefs(
        all,
        member.tierCode,
        () => this.circles.idsOf(member._id),
        at,
      );
      const categories = new Set(order.items.map((i) => i.category));
      for (const def of defs) {
        if (def.kind === 'category_purchase' && !(def.category && categories.has(def.category)))
          continue;
        const amount = def.kind === 'spend' ? order.amount : 1;
        const key = taskPeriodKey(def.period, at);
        await this.count(member._id, def, key, `order:${order.orderNo}`, amount, null);
      }
    }
  }

  /** Progress follows a merge where it doesn't collide with the survivor's own progress. */
  mergeParticipant(): MergeParticipant {
    const move = async (
      from: Types.ObjectId,
      to: Types.ObjectId,
      filter: object,
      undo: boolean,
    ) => {
      for (const p of await this.m.Progress.find({ memberId: from, ...filter }).lean()) {
        try {
          await this.m.Progress.updateOne(
            { _id: p._id },
            undo
              ? { $set: { memberId: to }, $pull: { mergedFrom: to } }
              : { $set: { memberId: to }, $addToSet: { mergedFrom: from } },
          );
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // the survivor already has this task+period
        }
      }
    };
    return {
      name: 'tasks',
      merge: (loser, survivor) => move(loser, survivor, {}, false),
      unmerge: (loser, survivor) => move(survivor, loser, { mergedFrom: loser }, true),
    };
  }

  /** Counted shares per member since a date (the value engine's influence signal). */
  countedSharesSince(since: Date): Promise<Array<{ _id: Types.ObjectId; n: number }>> {
    return this.m.Share.aggregate([
      { $match: { countedAt: { $gte: since } } },
      { $group: { _id: '$memberId', n: { $sum: 1 } } },
    ]);
  }

  /** Reviews per member since a date. */
  reviewsSince(since: Date): Promise<Array<{ _id: Types.ObjectId; n: number }>> {
    return this.m.Review.aggregate([
      { $match: { createdAt: { $gte: since } } },
      { $group: { _id: '$memberId', n: { $sum: 1 } } },
    ]);
  }
}

function view(def: TaskDefDoc, key: string, p: TaskProgressDoc | undefined): MemberTaskView {
  const state = p?.claimedAt ? 'claimed' : p?.completedAt ? 'completed' : 'in_progress';
  return {
    code: def.code,
    name: def.name,
    description: def.description,
    kind: def.kind,
    period: def.period,
    periodKey: key,
    progress: Math.min(p?.count ?? 0, def.target),
    target: def.target,
    state,
    reward: {
      points: p?.rewardPoints ?? def.reward.points,
      growth: def.reward.growth,
      perkCode: def.reward.perkCode ?? null,
    },
    streak: def.kind === 'signin' ? (p?.streak ?? 0) : null,
  };
}
