import type { PerkBody, PerkKind, PerkPatch, PerkView } from '@circles/shared';
import type { FormRule } from 'antd';
import { type CouponFormValues, couponFormOf, couponTermsOf, sameTerms } from './couponTerms';

// Labels are local (type-only imports from @circles/shared) so the zod contracts stay out of
// this page's chunk.

export const PERK_KIND_TEXT: Record<PerkKind, string> = {
  coupon: '优惠券',
  free_shipping: '包邮',
  birthday_gift: '生日礼',
  priority_service: '优先服务',
  new_product_preview: '新品抢先看',
  event_access: '活动资格',
  custom: '自定义',
};

export const PERIOD_TEXT: Record<PerkBody['quota']['period'], string> = {
  month: '每月',
  year: '每年',
  lifetime: '终身',
};

export const kindOptions = (Object.keys(PERK_KIND_TEXT) as PerkKind[]).map((k) => ({
  value: k,
  label: PERK_KIND_TEXT[k],
}));

export const periodOptions = (Object.keys(PERIOD_TEXT) as Array<keyof typeof PERIOD_TEXT>).map(
  (p) => ({ value: p, label: PERIOD_TEXT[p] }),
);

/** Form values; tierCodes only matter on create (assignment has its own dialog). */
export interface PerkFormValues {
  code: string;
  name: string;
  description?: string;
  kind: PerkKind;
  imageUrl?: string;
  tierCodes: string[];
  quota: PerkBody['quota'];
  validityDays: number;
  /** Circle-exclusive: only members of these circles see it (empty: every member). */
  circleIds?: string[];
  /** Outside the circles: shown locked instead of hidden. */
  showLocked?: boolean;
  topic?: string;
  /** 券面规则 (coupon perks only). */
  coupon?: CouponFormValues;
}

/** The money terms the perk carries: only a coupon perk has them. */
const termsOf = (v: PerkFormValues) => (v.kind === 'coupon' ? couponTermsOf(v.coupon) : null);

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Field rules mirroring perkBody in @circles/shared, with Chinese messages. */
export const PERK_RULES: Record<
  | 'code'
  | 'name'
  | 'description'
  | 'kind'
  | 'imageUrl'
  | 'tierCodes'
  | 'limit'
  | 'period'
  | 'validityDays'
  | 'circleIds',
  FormRule[]
> = {
  code: [
    { required: true, message: '请输入权益代码' },
    {
      pattern: /^[a-z][a-z0-9_]{1,31}$/,
      message: '权益代码须以小写字母开头，2–32 位小写字母、数字或下划线',
    },
  ],
  name: [
    { required: true, whitespace: true, message: '请输入权益名称' },
    { max: 32, message: '权益名称不超过 32 个字' },
  ],
  description: [{ max: 500, message: '说明不超过 500 个字' }],
  kind: [{ required: true, message: '请选择权益类型' }],
  imageUrl: [
    { max: 500, message: '图片地址不超过 500 个字符' },
    {
      validator: async (_, v: unknown) => {
        if (typeof v === 'string' && v.trim() !== '' && !isHttpUrl(v.trim()))
          throw new Error('图片地址须为 http(s) 开头的完整网址');
      },
    },
  ],
  tierCodes: [
    { required: true, type: 'array', min: 1, message: '请至少选择一个适用等级' },
    { type: 'array', max: 12, message: '最多选择 12 个等级' },
  ],
  period: [{ required: true, message: '请选择额度周期' }],
  limit: [
    { required: true, message: '请输入每周期次数' },
    { type: 'integer', min: 1, max: 100, message: '次数须为 1–100 的整数' },
  ],
  validityDays: [
    { required: true, message: '请输入有效天数' },
    { type: 'integer', min: 1, max: 3650, message: '有效天数须为 1–3650 的整数' },
  ],
  circleIds: [{ type: 'array', max: 10, message: '最多选择 10 个圈层' }],
};

/** The targeting fields as the contract wants them (locked display only with circles). */
function targetingOf(v: PerkFormValues) {
  const circleIds = v.circleIds ?? [];
  return {
    circleIds,
    showLocked: circleIds.length > 0 && (v.showLocked ?? false),
    topic: v.topic ?? null,
  };
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

function imageOf(v: PerkFormValues): string | null {
  const url = v.imageUrl?.trim();
  return url ? url : null;
}

export function toCreateBody(v: PerkFormValues): PerkBody {
  return {
    code: v.code,
    name: v.name.trim(),
    description: (v.description ?? '').trim(),
    kind: v.kind,
    imageUrl: imageOf(v),
    tierCodes: v.tierCodes,
    quota: v.quota,
    validityDays: v.validityDays,
    ...targetingOf(v),
    coupon: termsOf(v),
  };
}

/** Only the fields that changed; undefined when nothing did (the server refuses empty patches). */
export function toPatch(v: PerkFormValues, before: PerkView): PerkPatch | undefined {
  const patch: PerkPatch = {};
  const name = v.name.trim();
  const description = (v.description ?? '').trim();
  if (name !== before.name) patch.name = name;
  if (description !== before.description) patch.description = description;
  if (v.kind !== before.kind) patch.kind = v.kind;
  if (imageOf(v) !== before.imageUrl) patch.imageUrl = imageOf(v);
  if (v.quota.period !== before.quota.period || v.quota.limit !== before.quota.limit)
    patch.quota = v.quota;
  if (v.validityDays !== before.validityDays) patch.validityDays = v.validityDays;
  // Read defensively: perks saved before circles existed may lack these fields.
  const t = targetingOf(v);
  if (!sameIds(t.circleIds, before.circleIds ?? [])) patch.circleIds = t.circleIds;
  if (t.showLocked !== (before.showLocked ?? false)) patch.showLocked = t.showLocked;
  if (t.topic !== (before.topic ?? null)) patch.topic = t.topic;
  const terms = termsOf(v);
  if (!sameTerms(terms, before.coupon)) patch.coupon = terms;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export function formValuesOf(p: PerkView): PerkFormValues {
  return {
    code: p.code,
    name: p.name,
    description: p.description,
    kind: p.kind,
    imageUrl: p.imageUrl ?? '',
    tierCodes: p.tierCodes,
    quota: p.quota,
    validityDays: p.validityDays,
    circleIds: p.circleIds ?? [],
    showLocked: p.showLocked ?? false,
    // undefined, not null: the select shows its placeholder for no topic.
    topic: p.topic ?? undefined,
    coupon: couponFormOf(p.coupon),
  };
}

export const NEW_PERK: Partial<PerkFormValues> = {
  kind: 'coupon',
  quota: { period: 'month', limit: 1 },
  validityDays: 30,
  tierCodes: [],
  circleIds: [],
  showLocked: false,
  coupon: { mode: 'none', categories: [] },
};
