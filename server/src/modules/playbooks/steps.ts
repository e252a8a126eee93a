import {
  afterQuietHours,
  DAY_MS,
  inQuietHours,
  nextWeekdayHour,
  type PlaybookSettings,
  type PlaybookStep,
} from '@circles/shared';
import type { Core } from '../../core';
import { isAppError } from '../../lib/errors';
import type { Touches } from './caps';
import type { RunDoc } from './playbooks.model';
import type { PlaybookPorts } from './ports';

export const TIMEOUT_OUTCOME = '超时';

/** `duplicate`: an earlier attempt of this very step sent it (a retry after a crash). */
const SENT_TEXT: Record<string, string> = {
  sent: '已发送订阅消息',
  duplicate: '已发送订阅消息',
  no_quota: '未发送（会员未订阅该消息）',
  failed: '未发送（微信拒绝）',
};

/** What executing one step decided. */
export interface StepResult {
  /** The step to go to next (same step while waiting for a consultant). */
  next: number;
  result: string;
  /** Come back at this instant (a wait, a deferral, a consultant's deadline). */
  resumeAt?: Date;
  set?: Partial<Pick<RunDoc, 'waitingFor' | 'lastOutcome' | 'taskOutcome'>>;
  deferred?: boolean;
}

/**
 * What each step type does. Every side effect carries the key `pb:<run>:<seq>` of the step,
 * so repeating a step after a crash repeats the same key: the owner module answers with what
 * it did the first time.
 */
export class StepEffects {
  constructor(
    private readonly core: Core,
    private readonly touches: Touches,
    private readonly ports: PlaybookPorts,
    private readonly settings: () => Promise<PlaybookSettings>,
  ) {}

  private later(ms: number) {
    return new Date(this.core.clock.now().getTime() + ms);
  }

  private key(run: RunDoc): string {
    return `pb:${run._id}:${run.seq}`;
  }

  async execute(run: RunDoc, step: PlaybookStep): Promise<StepResult> {
    const now = this.core.clock.now();
    const next = run.step + 1;
    switch (step.type) {
      case 'wait':
        return { next, result: `等待 ${step.days} 天`, resumeAt: this.later(step.days * DAY_MS) };
      case 'wait_until':
        return {
          next,
          result: '等待到指定时间',
          resumeAt: nextWeekdayHour(now, step.weekday, step.hour),
        };
      case 'branch':
        return this.branch(run, step);
      case 'grant_perk':
        return this.guarded(
          next,
          () => this.ports.perks.issue(run.memberId, step.perkCode, this.key(run), String(run._id)),
          '已发放权益',
        );
      case 'grant_points':
        return this.guarded(
          next,
          () => this.ports.points.credit(run.memberId, step.points, this.key(run), String(run._id)),
          `已发放 ${step.points} 积分`,
        );
      case 'tag':
        return this.guarded(
          next,
          () => this.ports.tags.edit(run.memberId, step.tagId, step.action, this.key(run)),
          step.action === 'add' ? '已打标签' : '已移除标签',
        );
      case 'subscribe_message':
        return this.message(run, step);
      case 'consultant_task':
        return this.task(run, step);
    }
  }

  private async branch(run: RunDoc, step: Extract<PlaybookStep, { type: 'branch' }>) {
    const yes =
      step.condition.kind === 'purchased_since_start'
        ? (await this.ports.orders.paidSince(run.memberId, run.startedAt)) > 0
        : run.lastOutcome === step.condition.equals;
    return { next: yes ? step.yes : step.no, result: yes ? '是' : '否' };
  }

  /** A grant whose target may be gone (a perk archived): recorded, and the run goes on. */
  private async guarded(next: number, effect: () => Promise<void>, ok: string) {
    try {
      await effect();
      return { next, result: ok };
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      return { next, result: `失败：${err.message}` };
    }
  }

  private async message(
    run: RunDoc,
    step: Extract<PlaybookStep, { type: 'subscribe_message' }>,
  ): Promise<StepResult> {
    const settings = await this.settings();
    const now = this.core.clock.now();
    if (inQuietHours(now, settings)) {
      return {
        next: run.step,
        result: '免打扰时段，顺延',
        resumeAt: afterQuietHours(now, settings),
        deferred: true,
      };
    }
    const allowed = await this.touches.take(run, 'subscribe_message', now, settings);
    if (allowed !== true) {
      return {
        next: run.step,
        result: '触达频次已达上限，顺延',
        resumeAt: allowed,
        deferred: true,
      };
    }
    const data = await this.fill(run, step.data);
    let status: string;
    try {
      const input = { memberId: run.memberId, purpose: step.purpose, data, key: this.key(run) };
      status = (await this.ports.messages.send({ ...input, page: step.page })).status;
    } catch (err) {
      // Messages switched off (no templates configured) or data the template refuses: the
      // step is recorded as not sent and the run goes on instead of retrying forever.
      if (!isAppError(err) || (err.status >= 500 && err.code !== 'SUBSCRIBE_OFF')) throw err;
      status = err.code === 'SUBSCRIBE_OFF' ? '未配置消息模板' : err.message;
    }
    return { next: run.step + 1, result: SENT_TEXT[status] ?? `未发送（${status}）` };
  }

  private async task(run: RunDoc, step: Extract<PlaybookStep, { type: 'consultant_task' }>) {
    if (run.waitingFor) {
      // Back after the consultant answered (taskOutcome) or after the deadline.
      const outcome = run.taskOutcome ?? TIMEOUT_OUTCOME;
      return {
        next: run.step + 1,
        result: outcome,
        set: { waitingFor: null, lastOutcome: outcome, taskOutcome: null },
      };
    }
    const [consultant] = await this.ports.consultants.consultantsOf(run.memberId);
    if (!consultant)
      return { next: run.step + 1, result: '无专属导购，跳过', set: { lastOutcome: null } };
    const settings = await this.settings();
    const now = this.core.clock.now();
    const allowed = await this.touches.take(run, 'consultant_task', now, settings);
    if (allowed !== true) {
      return {
        next: run.step,
        result: '触达频次已达上限，顺延',
        resumeAt: allowed,
        deferred: true,
      };
    }
    const fill = await this.filler(run);
    const dueAt = this.later(step.timeoutDays * DAY_MS);
    const id = await this.ports.consultants.createTask({
      memberId: run.memberId,
      consultantUserId: consultant,
      title: step.title,
      script: step.script.map(fill),
      outcomes: step.outcomes,
      dueAt,
      sourceKey: this.key(run),
    });
    return { next: run.step, result: '已派发导购任务', resumeAt: dueAt, set: { waitingFor: id } };
  }

  private async fill(run: RunDoc, data: Record<string, string>) {
    const fill = await this.filler(run);
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, fill(v)]));
  }

  /** `{name}` and the trigger's variables (`{points}`, `{event}`, …) in a script or message. */
  private async filler(run: RunDoc): Promise<(text: string) => string> {
    const name = await this.ports.members.nameOf(run.memberId);
    const vars: Record<string, string> = { ...run.vars, name };
    return (text) => text.replace(/\{(\w+)\}/g, (all, key: string) => vars[key] ?? all);
  }
}
