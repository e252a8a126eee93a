import { playbookId, type SubscribePurpose } from '@circles/shared';
import type { FormRule } from 'antd';
import type {
  PlaybookDefinition,
  PlaybookDefinitionInput,
  PlaybookStep,
} from '../../api/playbooks';

/** A branch target past every step: the run ends there (the contract allows up to 99). */
export const END = 99;

type StepType = PlaybookStep['type'];

/**
 * One step as the form holds it: every type's fields optional, so switching a step's type
 * keeps one shape. `toDefinition` keeps only the fields of the chosen type.
 */
export interface StepValues {
  type: StepType;
  title?: string;
  script?: string[];
  outcomes?: string[];
  timeoutDays?: number;
  perkCode?: string;
  points?: number;
  purpose?: SubscribePurpose;
  data?: Record<string, string | undefined>;
  page?: string;
  action?: 'add' | 'remove';
  tagId?: string;
  days?: number;
  weekday?: number;
  hour?: number;
  condition?: { kind: 'purchased_since_start' | 'consultant_outcome'; equals?: string };
  yes?: number;
  no?: number;
}

/** Form values mirror the request body, so server paths ('body.definition.…') name fields. */
export interface EditorValues {
  id?: string;
  definition: {
    name: string;
    description?: string;
    priority: number;
    goal: PlaybookDefinition['goal'];
    trigger: {
      type: PlaybookDefinition['trigger']['type'];
      circleId?: string;
      includeCurrent?: boolean;
      direction?: 'up' | 'down';
      withinDays?: number;
    };
    steps: StepValues[];
  };
}

export function defaultStep(type: StepType): StepValues {
  switch (type) {
    case 'consultant_task':
      return {
        type,
        title: '',
        script: [''],
        outcomes: ['已联系', '未回复', '不感兴趣'],
        timeoutDays: 3,
      };
    case 'grant_perk':
      return { type };
    case 'grant_points':
      return { type, points: 100 };
    case 'subscribe_message':
      return { type, purpose: 'care_message', data: {} };
    case 'tag':
      return { type, action: 'add', tagId: '' };
    case 'wait':
      return { type, days: 3 };
    case 'wait_until':
      return { type, weekday: 6, hour: 10 };
    case 'branch':
      return { type, condition: { kind: 'purchased_since_start' }, yes: END, no: END };
  }
}

export const NEW_PLAYBOOK: EditorValues = {
  id: '',
  definition: {
    name: '',
    description: '',
    priority: 5,
    goal: 'purchase',
    trigger: { type: 'circle_entered', includeCurrent: false },
    steps: [defaultStep('consultant_task')],
  },
};

export function editorValuesOf(def: PlaybookDefinition): EditorValues {
  const n = def.steps.length;
  return {
    definition: {
      name: def.name,
      description: def.description,
      priority: def.priority,
      goal: def.goal,
      trigger: { ...def.trigger },
      steps: def.steps.map((s): StepValues => {
        if (s.type !== 'branch') return { ...s };
        // Any number past the last step means "end"; one value keeps appends from retargeting.
        return { ...s, yes: s.yes >= n ? END : s.yes, no: s.no >= n ? END : s.no };
      }),
    },
  };
}

const trimmed = (s: string | undefined) => (s ?? '').trim();

function toStep(v: StepValues): PlaybookDefinitionInput['steps'][number] {
  switch (v.type) {
    case 'consultant_task':
      return {
        type: v.type,
        title: trimmed(v.title),
        script: (v.script ?? []).map(trimmed),
        outcomes: (v.outcomes ?? []).map(trimmed),
        timeoutDays: v.timeoutDays ?? 3,
      };
    case 'grant_perk':
      return { type: v.type, perkCode: trimmed(v.perkCode) };
    case 'grant_points':
      return { type: v.type, points: v.points ?? 0 };
    case 'subscribe_message': {
      const data: Record<string, string> = {};
      for (const [k, value] of Object.entries(v.data ?? {})) {
        if (trimmed(value)) data[k] = trimmed(value);
      }
      const page = trimmed(v.page);
      return {
        type: v.type,
        purpose: v.purpose ?? 'care_message',
        data,
        ...(page ? { page } : {}),
      };
    }
    case 'tag':
      return { type: v.type, action: v.action ?? 'add', tagId: trimmed(v.tagId) };
    case 'wait':
      return { type: v.type, days: v.days ?? 1 };
    case 'wait_until':
      return { type: v.type, weekday: v.weekday ?? 1, hour: v.hour ?? 10 };
    case 'branch':
      return {
        type: v.type,
        condition:
          v.condition?.kind === 'consultant_outcome'
            ? { kind: 'consultant_outcome', equals: trimmed(v.condition.equals) }
            : { kind: 'purchased_since_start' },
        yes: v.yes ?? END,
        no: v.no ?? END,
      };
  }
}

export function toDefinition(values: EditorValues): PlaybookDefinitionInput {
  const d = values.definition;
  const circleId = trimmed(d.trigger.circleId);
  return {
    name: trimmed(d.name),
    description: trimmed(d.description),
    priority: d.priority,
    goal: d.goal,
    trigger: triggerOf(d.trigger, circleId),
    steps: (d.steps ?? []).map(toStep),
  };
}

function triggerOf(
  t: EditorValues['definition']['trigger'],
  circleId: string,
): PlaybookDefinitionInput['trigger'] {
  if (
    t.type === 'one_off' ||
    t.type === 'birthday_month' ||
    t.type === 'circle_left' ||
    t.type === 'event_no_show'
  )
    return { type: t.type, circleId };
  if (t.type === 'points_expiring')
    return { type: 'points_expiring', circleId, withinDays: t.withinDays ?? 7 };
  // An unpicked direction goes to the server as is: its 400 names the field.
  if (t.type === 'tier_changed')
    return { type: 'tier_changed', circleId, direction: t.direction as 'up' | 'down' };
  return { type: 'circle_entered', circleId, includeCurrent: t.includeCurrent ?? false };
}

/** Where the step at `old` sits after moving `from` → `to` (Form.List's move). */
export function movedIndex(old: number, from: number, to: number): number {
  if (old === from) return to;
  if (from < to && old > from && old <= to) return old - 1;
  if (from > to && old >= to && old < from) return old + 1;
  return old;
}

function retarget(steps: StepValues[], map: (target: number) => number): StepValues[] {
  return steps.map((s) => {
    if (s.type !== 'branch') return s;
    const fix = (t: number | undefined) => {
      if (t === undefined || t >= END) return t;
      const next = map(t);
      return next >= steps.length ? END : next;
    };
    return { ...s, yes: fix(s.yes), no: fix(s.no) };
  });
}

/** Branches keep pointing at the same steps after a reorder (`steps` is the moved list). */
export const retargetAfterMove = (steps: StepValues[], from: number, to: number) =>
  retarget(steps, (t) => movedIndex(t, from, to));

/** After removing step `removed`, a branch to it goes to the step that took its place. */
export const retargetAfterRemove = (steps: StepValues[], removed: number) =>
  retarget(steps, (t) => (t > removed ? t - 1 : t));

export const intRule = (min: number, max: number, label: string): FormRule => ({
  validator: async (_, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new Error(`${label}须为 ${min}–${max} 的整数`);
    }
  },
});

export const textRules = (label: string, max: number, required = true): FormRule[] => [
  ...(required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []),
  { max, message: `${label}最多 ${max} 个字` },
];

/** Backward jumps would loop a run forever, so the server only takes later steps. */
export const branchTargetRule = (index: number): FormRule => ({
  validator: async (_, v: unknown) => {
    if (typeof v !== 'number') throw new Error('请选择跳转到的步骤');
    if (v <= index) throw new Error('分支只能跳到后面的步骤');
  },
});

export const outcomesRule: FormRule = {
  validator: async (_, v: unknown) => {
    const list = Array.isArray(v) ? (v as string[]) : [];
    if (list.length < 1 || list.length > 6) throw new Error('结果选项须为 1–6 个');
    if (list.some((o) => o.trim().length === 0 || o.trim().length > 12)) {
      throw new Error('每个结果选项 1–12 个字');
    }
  },
};

/** The id rule is the contract's own, so the form says what the server would. */
export const ID_RULES: FormRule[] = [
  { required: true, message: '请填写剧本编号' },
  {
    validator: async (_: unknown, value: unknown) => {
      if (typeof value !== 'string' || value === '') return;
      const r = playbookId.safeParse(value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '编号格式不正确');
    },
  },
];
