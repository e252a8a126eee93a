import { z } from 'zod';
import { SUBSCRIBE_PURPOSES } from '../../api/messages';

/**
 * A playbook (圈层运营 SOP): who enters (trigger + guard), what happens to them (ordered steps
 * with waits and branches), when they leave early (goal), and how often anyone may be touched.
 * Definitions are versioned; a run executes the version it started on.
 */

const circleId = z.string().trim().min(1, '请选择圈层').max(64);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 个字`);

export const playbookTrigger = z.discriminatedUnion('type', [
  /** Members who enter the circle; `includeCurrent` also enters those already in it. */
  z.object({
    type: z.literal('circle_entered'),
    circleId,
    includeCurrent: z.boolean().default(false),
  }),
  /** Everyone in the circle now, once (re-activating runs it again for new members only). */
  z.object({ type: z.literal('one_off'), circleId }),
  /** Members of the circle in their birthday month (Beijing), once a year each. */
  z.object({ type: z.literal('birthday_month'), circleId }),
  /**
   * A member of the circle whose tier goes up (or down): one run per tier change. The circle
   * is the audience guard, read as it was when the tier changed.
   */
  z.object({
    type: z.literal('tier_changed'),
    circleId,
    direction: z.enum(['up', 'down'], { message: '请选择升级或降级' }),
  }),
  /** Members who leave the circle (one run per exit), from the activation on. */
  z.object({ type: z.literal('circle_left'), circleId }),
  /** Members of the circle marked 未到场 when an event they held a seat for ends (one run per event). */
  z.object({ type: z.literal('event_no_show'), circleId }),
  /**
   * Members of the circle whose next points lot expires within `withinDays` (one run per
   * expiry date); `{points}` and `{expiresAt}` fill messages and scripts.
   */
  z.object({
    type: z.literal('points_expiring'),
    circleId,
    withinDays: z.number().int().min(1, '至少提前 1 天').max(60, '最多提前 60 天').default(7),
  }),
]);
export type PlaybookTrigger = z.infer<typeof playbookTrigger>;

const consultantTask = z.object({
  type: z.literal('consultant_task'),
  title: text(40, '任务标题'),
  /** The 话术 lines the consultant sees in the sidebar. */
  script: z.array(text(200, '话术')).min(1, '至少一句话术').max(8),
  /** Outcomes the consultant picks from when marking it done. */
  outcomes: z.array(text(12, '结果选项')).min(1).max(6).default(['已联系', '未回复', '不感兴趣']),
  /** Days the run waits for the consultant before moving on with outcome "超时". */
  timeoutDays: z.number().int().min(1).max(30).default(3),
});

const grantPerk = z.object({ type: z.literal('grant_perk'), perkCode: text(64, '权益') });
const grantPoints = z.object({
  type: z.literal('grant_points'),
  points: z.number().int().min(1, '积分须为正整数').max(100_000),
});
const message = z.object({
  type: z.literal('subscribe_message'),
  /** Which configured template (by purpose); `data` names its fields (perk, note, …). */
  purpose: z.enum(SUBSCRIBE_PURPOSES, { message: '请选择消息模板' }),
  data: z.record(z.string(), z.string().max(200)).default({}),
  page: z.string().max(200).optional(),
});
const tag = z.object({
  type: z.literal('tag'),
  action: z.enum(['add', 'remove']),
  tagId: text(64, '标签'),
});
const wait = z.object({ type: z.literal('wait'), days: z.number().int().min(1).max(90) });
const waitUntil = z.object({
  type: z.literal('wait_until'),
  /** ISO weekday 1–7 (Monday–Sunday), Beijing time. */
  weekday: z.number().int().min(1).max(7),
  hour: z.number().int().min(0).max(23),
});
const branch = z.object({
  type: z.literal('branch'),
  condition: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('purchased_since_start') }),
    z.object({ kind: z.literal('consultant_outcome'), equals: text(12, '结果') }),
  ]),
  /** Step numbers (0-based) to continue at; a number past the last step ends the run. */
  yes: z.number().int().min(0).max(99),
  no: z.number().int().min(0).max(99),
});

export const playbookStep = z.discriminatedUnion('type', [
  consultantTask,
  grantPerk,
  grantPoints,
  message,
  tag,
  wait,
  waitUntil,
  branch,
]);
export type PlaybookStep = z.infer<typeof playbookStep>;
export type PlaybookStepType = PlaybookStep['type'];

/** Steps that reach the member (counted against the frequency caps). */
export const TOUCH_STEPS: readonly PlaybookStepType[] = ['consultant_task', 'subscribe_message'];

export const playbookGoal = z.enum(['purchase', 'none']);
export type PlaybookGoal = z.infer<typeof playbookGoal>;

export const playbookDefinition = z
  .object({
    name: text(40, '名称'),
    description: z.string().trim().max(300).default(''),
    trigger: playbookTrigger,
    steps: z.array(playbookStep).min(1, '至少一个步骤').max(30, '最多 30 个步骤'),
    goal: playbookGoal.default('purchase'),
    /** 1 = highest. A member in a higher-priority run is not entered into a lower one. */
    priority: z.number().int().min(1).max(9).default(5),
  })
  .superRefine((d, ctx) => {
    d.steps.forEach((s, i) => {
      if (s.type !== 'branch') return;
      for (const k of ['yes', 'no'] as const) {
        // Backward jumps would let a run loop forever; forward-only keeps every run finite.
        if (s[k] <= i) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, k],
            message: '分支只能跳到后面的步骤',
          });
        }
      }
    });
  });
export type PlaybookDefinition = z.infer<typeof playbookDefinition>;
export type PlaybookDefinitionInput = z.input<typeof playbookDefinition>;

/** Frequency caps and quiet hours, across all playbooks (避免过度营销). */
export const playbookSettings = z.object({
  maxTouches7d: z.number().int().min(1).max(50).default(2),
  maxTouches30d: z.number().int().min(1).max(200).default(4),
  /** Beijing hours [start, end) in which no message is sent (21 → 9 wraps midnight). */
  quietStartHour: z.number().int().min(0).max(23).default(21),
  quietEndHour: z.number().int().min(0).max(23).default(9),
});
export type PlaybookSettings = z.infer<typeof playbookSettings>;
