import type { TaskDefBody, TaskDefView, TaskKind } from '@circles/shared';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { TaskDefDoc, TaskModels } from './tasks.model';

export const defView = (d: TaskDefDoc): TaskDefView => ({
  code: d.code,
  name: d.name,
  description: d.description,
  kind: d.kind,
  target: d.target,
  period: d.period,
  eligibleTiers: d.eligibleTiers,
  circleIds: d.circleIds ?? [],
  reward: { points: d.reward.points, growth: d.reward.growth, perkCode: d.reward.perkCode ?? null },
  streakBonus: d.streakBonus ? { every: d.streakBonus.every, points: d.streakBonus.points } : null,
  category: d.category,
  activeFrom: d.activeFrom?.toISOString() ?? null,
  activeTo: d.activeTo?.toISOString() ?? null,
  archived: d.archived,
});

/** Task definitions (admin CRUD) and the "which tasks apply to this member now" rule. */
export class TaskDefs {
  constructor(private readonly m: TaskModels) {}

  async list(): Promise<TaskDefDoc[]> {
    return this.m.TaskDef.find().sort({ archived: 1, createdAt: 1 }).lean();
  }

  async require(code: string): Promise<TaskDefDoc> {
    const d = await this.m.TaskDef.findOne({ code }).lean();
    if (!d) throw AppError.of('NOT_FOUND', `任务 ${code} 不存在`);
    return d;
  }

  async create(body: TaskDefBody): Promise<TaskDefDoc> {
    try {
      return (await this.m.TaskDef.create({ ...body, archived: false })).toObject();
    } catch (err) {
      if (isDuplicateKey(err)) throw AppError.of('TASK_CODE_TAKEN', `任务编码 ${body.code} 已存在`);
      throw err;
    }
  }

  async update(code: string, body: TaskDefBody): Promise<TaskDefDoc> {
    if (body.code !== code) {
      throw AppError.of('VALIDATION_FAILED', '任务编码不可修改', {
        fields: [{ path: 'body.code', message: 'must equal the code in the path' }],
      });
    }
    const d = await this.m.TaskDef.findOneAndUpdate(
      { code },
      { $set: body },
      { returnDocument: 'after' },
    ).lean();
    if (!d) throw AppError.of('NOT_FOUND', `任务 ${code} 不存在`);
    return d;
  }

  async archive(code: string): Promise<TaskDefDoc> {
    const d = await this.m.TaskDef.findOneAndUpdate(
      { code },
      { $set: { archived: true } },
      { returnDocument: 'after' },
    ).lean();
    if (!d) throw AppError.of('NOT_FOUND', `任务 ${code} 不存在`);
    return d;
  }

  /** Live, unarchived tasks the member's tier and circles may do (optionally of one kind). */
  async activeFor(
    tierCode: string,
    /** Asked only when a candidate task is circle-exclusive (a lookup per order otherwise). */
    circlesOf: () => Promise<ReadonlySet<string>>,
    at: Date,
    kind?: TaskKind,
  ): Promise<TaskDefDoc[]> {
    return eligibleDefs(await this.unarchived(kind ? [kind] : undefined), tierCode, circlesOf, at);
  }

  /** Unarchived tasks in creation order (of some kinds only). */
  unarchived(kinds?: TaskKind[]): Promise<TaskDefDoc[]> {
    return this.m.TaskDef.find({ archived: false, ...(kinds ? { kind: { $in: kinds } } : {}) })
      .sort({ createdAt: 1 })
      .lean();
  }
}

/** The tasks of `defs` a member of that tier and those circles may do at `at`. */
export async function eligibleDefs(
  defs: TaskDefDoc[],
  tierCode: string,
  circlesOf: () => Promise<ReadonlySet<string>>,
  at: Date,
): Promise<TaskDefDoc[]> {
  const circles = defs.some((d) => d.circleIds?.length) ? await circlesOf() : new Set<string>();
  return defs.filter(
    (d) =>
      (d.eligibleTiers.length === 0 || d.eligibleTiers.includes(tierCode)) &&
      (!d.circleIds?.length || d.circleIds.some((c) => circles.has(c))) &&
      (!d.activeFrom || d.activeFrom <= at) &&
      (!d.activeTo || d.activeTo > at),
  );
}
