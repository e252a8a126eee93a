import {
  SUBSCRIBE_PURPOSE_SPECS,
  SUBSCRIBE_PURPOSES,
  type SubscribePurpose,
} from '@circles/shared';
import type {
  PlaybookDefinition,
  PlaybookMove,
  PlaybookStatus,
  PlaybookStep,
} from '../../api/playbooks';

export const STATUS_TEXT: Record<PlaybookStatus, { text: string; color?: string }> = {
  draft: { text: '草稿' },
  active: { text: '运行中', color: 'green' },
  paused: { text: '已暂停', color: 'orange' },
  stopped: { text: '已停止', color: 'default' },
};

export const MOVE_TEXT: Record<PlaybookMove, string> = {
  activate: '启用',
  pause: '暂停',
  resume: '恢复',
  stop: '停止',
};

/** The moves the server allows from each status (stopped is final). */
export const MOVES_FROM: Record<PlaybookStatus, readonly PlaybookMove[]> = {
  draft: ['activate', 'stop'],
  active: ['pause', 'stop'],
  paused: ['resume', 'stop'],
  stopped: [],
};

export const STEP_TYPE_TEXT: Record<PlaybookStep['type'], string> = {
  consultant_task: '导购 1v1 任务',
  grant_perk: '发放权益',
  grant_points: '发放积分',
  subscribe_message: '订阅消息',
  tag: '标签',
  wait: '等待',
  wait_until: '等到指定时间',
  branch: '条件分支',
};

export const stepTypeOptions = (Object.keys(STEP_TYPE_TEXT) as PlaybookStep['type'][]).map((t) => ({
  value: t,
  label: STEP_TYPE_TEXT[t],
}));

export const GOAL_TEXT: Record<PlaybookDefinition['goal'], string> = {
  purchase: '会员下单即结束（计为转化）',
  none: '无目标，走完全部步骤',
};

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

export const weekdayOptions = WEEKDAYS.map((label, i) => ({ value: i + 1, label }));

export const hourText = (h: number) => `${String(h).padStart(2, '0')}:00`;

export const hourOptions = Array.from({ length: 24 }, (_, h) => ({ value: h, label: hourText(h) }));

export const purposeOptions = SUBSCRIBE_PURPOSES.map((p) => ({
  value: p,
  label: SUBSCRIBE_PURPOSE_SPECS[p].title,
}));

export function purposeFields(purpose: SubscribePurpose | undefined) {
  if (!purpose || !SUBSCRIBE_PURPOSE_SPECS[purpose]) return [];
  return Object.entries(SUBSCRIBE_PURPOSE_SPECS[purpose].fields).map(([key, f]) => ({
    key,
    label: f.label,
  }));
}

/** A branch target in words: step numbers are 0-based in the definition, 1-based for people. */
export function targetText(target: number, stepCount: number): string {
  return target >= stepCount ? '结束' : `第 ${target + 1} 步`;
}

/** The one-line heading of a step, as the flow and the editor show it. */
export function stepTitle(step: PlaybookStep, stepCount: number): string {
  switch (step.type) {
    case 'wait':
      return `等待 ${step.days} 天`;
    case 'wait_until':
      return `等到 ${WEEKDAYS[step.weekday - 1] ?? `周${step.weekday}`} ${hourText(step.hour)}`;
    case 'branch':
      return `条件分支（是 → ${targetText(step.yes, stepCount)}，否 → ${targetText(step.no, stepCount)}）`;
    case 'tag':
      return step.action === 'add' ? '标签（添加）' : '标签（移除）';
    default:
      return STEP_TYPE_TEXT[step.type];
  }
}

export function conditionText(step: Extract<PlaybookStep, { type: 'branch' }>): string {
  return step.condition.kind === 'purchased_since_start'
    ? '进入剧本后是否已下单'
    : `导购跟进结果是否为「${step.condition.equals}」`;
}

export function triggerText(trigger: PlaybookDefinition['trigger']): string {
  if (trigger.type === 'one_off') return '一次性：圈层当前全部成员';
  if (trigger.type === 'birthday_month') return '圈层成员生日当月（每年一次）';
  if (trigger.type === 'circle_left') return '会员离开圈层时';
  if (trigger.type === 'event_no_show') return '圈层成员报名活动未到场（每场一次）';
  if (trigger.type === 'points_expiring')
    return `圈层成员积分 ${trigger.withinDays} 天内到期（每个到期日一次）`;
  if (trigger.type === 'tier_changed')
    return trigger.direction === 'up' ? '圈层成员等级升级时' : '圈层成员等级降级时';
  return trigger.includeCurrent ? '进入圈层时（含已在圈层的成员）' : '新进入圈层时';
}
