import type { FormInstance, FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { AdminEventView, EventInput } from '../../api/events';

export type EventKind = AdminEventView['kind'];

// Local copy of EVENT_KIND_TEXT (type-only imports keep zod out of the page chunk).
export const EVENT_KIND_TEXT: Record<EventKind, string> = {
  member_day: '会员日',
  tasting: '品鉴会',
  experience_day: '线下体验日',
  live: '直播',
  salon: '沙龙',
};

export const kindOptions = (Object.keys(EVENT_KIND_TEXT) as EventKind[]).map((k) => ({
  value: k,
  label: EVENT_KIND_TEXT[k],
}));

export const SIGNUP_STATE_TEXT: Record<string, { text: string; color?: string }> = {
  registered: { text: '已报名', color: 'blue' },
  waitlisted: { text: '候补', color: 'orange' },
  cancelled: { text: '已取消' },
  attended: { text: '已签到', color: 'green' },
  no_show: { text: '未到场', color: 'red' },
};

const DEFAULT_CHECKIN_OPENS_MINUTES = 120; // mirrors @circles/shared (kept type-only here)

const hm = (d: Dayjs) => d.format('MM-DD HH:mm');

/** "12-10 12:00 至 12-10 16:00": when staff may check members in (from N minutes before to the end). */
export function checkinWindowText(e: AdminEventView): string {
  const minutes = e.checkinOpensMinutesBefore ?? DEFAULT_CHECKIN_OPENS_MINUTES;
  return `${hm(dayjs(e.startAt).subtract(minutes, 'minute'))} 至 ${hm(dayjs(e.endAt))}`;
}

export interface EventFormValues {
  title: string;
  kind: EventKind;
  description?: string;
  coverUrl?: string;
  startAt: Dayjs;
  endAt: Dayjs;
  signupDeadline: Dayjs;
  place?: string;
  liveUrl?: string;
  capacity: number;
  tierQuotas?: Array<{ tierCode?: string; seats?: number }>;
  eligibleTiers?: string[];
  circleIds?: string[];
  reward: { points: number; growth: number };
  checkinOpensMinutesBefore: number;
}

type Getter = Pick<FormInstance<EventFormValues>, 'getFieldValue'>;

function optionalUrl(label: string): FormRule {
  return {
    validator: async (_, v: unknown) => {
      if (typeof v !== 'string' || v.trim() === '') return;
      try {
        const u = new URL(v.trim());
        if (u.protocol === 'https:' || u.protocol === 'http:') return;
      } catch {
        // falls through to the message
      }
      throw new Error(`${label}须为 http(s) 开头的完整网址`);
    },
  };
}

const int = (min: number, max: number, what: string): FormRule[] => [
  { required: true, message: `请输入${what}` },
  { type: 'integer', min, max, message: `${what}须为 ${min}–${max} 的整数` },
];

/** Rules mirroring eventBody in @circles/shared (including its cross-field refinements). */
export const EVENT_RULES = {
  title: [
    { required: true, whitespace: true, message: '请输入活动名称' },
    { max: 60, message: '活动名称不超过 60 个字' },
  ],
  kind: [{ required: true, message: '请选择活动类型' }],
  description: [{ max: 2000, message: '活动介绍不超过 2000 个字' }],
  coverUrl: [optionalUrl('封面图地址')],
  liveUrl: [optionalUrl('直播地址')],
  startAt: [{ required: true, message: '请选择开始时间' }],
  endAt: [
    { required: true, message: '请选择结束时间' },
    (form: Getter) => ({
      validator: async (_: unknown, v: Dayjs | undefined) => {
        const start = form.getFieldValue('startAt') as Dayjs | undefined;
        if (v && start && !v.isAfter(start)) throw new Error('结束时间须晚于开始时间');
      },
    }),
  ],
  signupDeadline: [
    { required: true, message: '请选择报名截止时间' },
    (form: Getter) => ({
      validator: async (_: unknown, v: Dayjs | undefined) => {
        const start = form.getFieldValue('startAt') as Dayjs | undefined;
        if (v && start && v.isAfter(start)) throw new Error('报名截止时间不能晚于开始时间');
      },
    }),
  ],
  place: [
    (form: Getter) => ({
      validator: async (_: unknown, v: unknown) => {
        const live = form.getFieldValue('kind') === 'live';
        if (!live && (typeof v !== 'string' || v.trim() === ''))
          throw new Error('线下活动请填写地点');
        if (typeof v === 'string' && v.length > 200) throw new Error('地点不超过 200 个字');
      },
    }),
  ],
  capacity: int(1, 100_000, '名额'),
  quotaTier: [{ required: true, message: '请选择等级' }],
  quotaSeats: (index: number): FormRule[] => [
    { required: true, message: '请输入席位数' },
    { type: 'integer', min: 0, message: '席位数须为非负整数' },
    (form: Getter) => ({
      validator: async (_: unknown, v: unknown) => {
        const capacity = form.getFieldValue('capacity');
        if (typeof v === 'number' && typeof capacity === 'number' && v > capacity)
          throw new Error(`第 ${index + 1} 条席位数不能超过总名额 ${capacity}`);
      },
    }),
  ],
  quotas: [
    {
      validator: async (_: unknown, v: EventFormValues['tierQuotas']) => {
        const codes = (v ?? []).map((q) => q?.tierCode).filter(Boolean);
        if (new Set(codes).size !== codes.length) throw new Error('每个等级只能设置一条名额');
        if ((v ?? []).length > 12) throw new Error('最多 12 条等级名额');
      },
    },
  ],
  rewardPoints: int(0, 1_000_000, '奖励积分'),
  rewardGrowth: int(0, 1_000_000, '奖励成长值'),
  checkinOpens: int(0, 7 * 24 * 60, '提前签到分钟数'),
} satisfies Record<string, FormRule[] | ((i: number) => FormRule[])>;

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

export function toEventBody(v: EventFormValues): EventInput {
  return {
    title: v.title.trim(),
    kind: v.kind,
    description: v.description ?? '',
    coverUrl: orNull(v.coverUrl),
    startAt: v.startAt.toISOString(),
    endAt: v.endAt.toISOString(),
    signupDeadline: v.signupDeadline.toISOString(),
    place: orNull(v.place),
    liveUrl: orNull(v.liveUrl),
    capacity: v.capacity,
    tierQuotas: (v.tierQuotas ?? []).map((q) => ({
      tierCode: q.tierCode ?? '',
      seats: q.seats ?? 0,
    })),
    eligibleTiers: v.eligibleTiers ?? [],
    circleIds: v.circleIds ?? [],
    reward: v.reward,
    checkinOpensMinutesBefore: v.checkinOpensMinutesBefore,
  };
}

export function eventFormValues(e: AdminEventView): EventFormValues {
  return {
    title: e.title,
    kind: e.kind,
    description: e.description,
    coverUrl: e.coverUrl ?? '',
    startAt: dayjs(e.startAt),
    endAt: dayjs(e.endAt),
    signupDeadline: dayjs(e.signupDeadline),
    place: e.place ?? '',
    liveUrl: e.liveUrl ?? '',
    capacity: e.capacity,
    tierQuotas: e.tierQuotas,
    eligibleTiers: e.eligibleTiers,
    // Defensive: events saved before circles existed may lack the field.
    circleIds: e.circleIds ?? [],
    reward: e.reward,
    checkinOpensMinutesBefore: e.checkinOpensMinutesBefore ?? DEFAULT_CHECKIN_OPENS_MINUTES,
  };
}

export const NEW_EVENT: Partial<EventFormValues> = {
  kind: 'salon',
  capacity: 30,
  tierQuotas: [],
  eligibleTiers: [],
  circleIds: [],
  reward: { points: 0, growth: 0 },
  checkinOpensMinutesBefore: DEFAULT_CHECKIN_OPENS_MINUTES,
};
