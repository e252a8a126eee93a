import type { TaskKind } from '@circles/shared';
import type { FormInstance, FormRule } from 'antd';
import type { TaskDefView, TaskInput } from '../../api/tasks';
import { fenToYuan, yuanRules, yuanToFen } from '../../money';

export const TASK_KIND_TEXT: Record<TaskKind, string> = {
  signin: '签到',
  share: '分享',
  invite: '邀请好友',
  review: '评价',
  profile: '完善资料',
  event: '参加活动',
  category_purchase: '品类购买',
  spend: '累计消费',
};

export const PERIOD_TEXT: Record<TaskDefView['period'], string> = {
  once: '一次性',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
};

export const kindOptions = (Object.keys(TASK_KIND_TEXT) as TaskKind[]).map((k) => ({
  value: k,
  label: TASK_KIND_TEXT[k],
}));
export const periodOptions = (Object.keys(PERIOD_TEXT) as TaskDefView['period'][]).map((p) => ({
  value: p,
  label: PERIOD_TEXT[p],
}));

export interface TaskFormValues {
  code: string;
  name: string;
  description?: string;
  kind: TaskKind;
  /** Yuan for a `spend` task (the contract counts fen), a number of times otherwise. */
  target: number;
  period: TaskDefView['period'];
  eligibleTiers?: string[];
  circleIds?: string[];
  reward: { points: number; growth: number };
  category?: string;
}

const int = (min: number, max: number, what: string): FormRule[] => [
  { required: true, message: `请输入${what}` },
  { type: 'integer', min, max, message: `${what}须为 ${min}–${max} 的整数` },
];

/** Rules mirroring taskDefBody in @circles/shared. */
export const TASK_RULES = {
  code: [
    { required: true, message: '请输入任务代码' },
    {
      pattern: /^[a-z][a-z0-9_]{1,31}$/,
      message: '任务代码须以小写字母开头，2–32 位小写字母、数字或下划线',
    },
  ],
  name: [
    { required: true, whitespace: true, message: '请输入任务名称' },
    { max: 32, message: '任务名称不超过 32 个字' },
  ],
  description: [{ max: 200, message: '说明不超过 200 个字' }],
  kind: [{ required: true, message: '请选择任务类型' }],
  period: [{ required: true, message: '请选择周期' }],
  target: int(1, 1_000_000_000, '目标次数'),
  targetYuan: yuanRules('目标金额', { minFen: 1, maxFen: 1_000_000_000 }),
  points: int(0, 1_000_000, '奖励积分'),
  growth: int(0, 1_000_000, '奖励成长值'),
  category: [
    (form: Pick<FormInstance<TaskFormValues>, 'getFieldValue'>) => ({
      validator: async (_: unknown, v: unknown) => {
        if (form.getFieldValue('kind') !== 'category_purchase') return;
        if (typeof v !== 'string' || v.trim() === '') throw new Error('品类购买任务请填写品类');
        if (v.length > 64) throw new Error('品类不超过 64 个字');
      },
    }),
  ],
} satisfies Record<string, FormRule[]>;

export function toTaskBody(v: TaskFormValues, before?: TaskDefView): TaskInput {
  return {
    code: v.code,
    name: v.name.trim(),
    description: v.description ?? '',
    kind: v.kind,
    target: v.kind === 'spend' ? yuanToFen(v.target) : v.target,
    period: v.period,
    eligibleTiers: v.eligibleTiers ?? [],
    circleIds: v.circleIds ?? [],
    // The form edits points and growth; a perk reward set elsewhere is kept as it was.
    reward: { ...v.reward, perkCode: before?.reward.perkCode ?? null },
    streakBonus: before?.streakBonus ?? null,
    category: v.kind === 'category_purchase' ? (v.category?.trim() ?? null) : null,
    activeFrom: before?.activeFrom ?? null,
    activeTo: before?.activeTo ?? null,
  };
}

export function taskFormValues(t: TaskDefView): TaskFormValues {
  return {
    code: t.code,
    name: t.name,
    description: t.description,
    kind: t.kind,
    target: t.kind === 'spend' ? fenToYuan(t.target) : t.target,
    period: t.period,
    eligibleTiers: t.eligibleTiers,
    // Defensive: definitions saved before circles existed may lack the field.
    circleIds: t.circleIds ?? [],
    reward: { points: t.reward.points, growth: t.reward.growth },
    category: t.category ?? '',
  };
}

export const NEW_TASK: Partial<TaskFormValues> = {
  kind: 'signin',
  period: 'daily',
  target: 1,
  eligibleTiers: [],
  circleIds: [],
  reward: { points: 10, growth: 0 },
};
