import type { PerkBody } from '@circles/shared';
import type { PayKind } from './payments.model';

export interface TopUpPlan {
  code: string;
  name: string;
  amount: number;
}

export interface MembershipPlan {
  code: string;
  name: string;
  amount: number;
  days: number;
  benefits: string[];
  /** Perks issued once per paid period (codes in the perk catalogue). */
  perkCodes: string[];
}

/** Amounts live on the server only: the client names a plan, never a price. */
export const TOP_UP_PLANS: readonly TopUpPlan[] = [
  { code: 'topup-100', name: '储值 ¥100', amount: 10_000 },
  { code: 'topup-300', name: '储值 ¥300', amount: 30_000 },
  { code: 'topup-500', name: '储值 ¥500', amount: 50_000 },
  { code: 'topup-1000', name: '储值 ¥1000', amount: 100_000 },
  { code: 'topup-2000', name: '储值 ¥2000', amount: 200_000 },
];

/** The card's own perks: tierless (never listed as tier perks), issued once per paid period. */
export const BLACK_CARD_PERKS: readonly PerkBody[] = [
  {
    code: 'black_free_shipping',
    name: '黑卡全场包邮',
    description: '黑卡有效期内线上订单免运费',
    kind: 'free_shipping',
    imageUrl: null,
    tierCodes: [],
    circleIds: [],
    showLocked: false,
    topic: null,
    coupon: null,
    quota: { period: 'lifetime', limit: 1 },
    validityDays: 366,
  },
  {
    code: 'black_coupon_50',
    name: '黑卡 ¥50 无门槛券',
    description: '开通或续费黑卡即得，下单立减 50 元',
    kind: 'coupon',
    imageUrl: null,
    tierCodes: [],
    circleIds: [],
    showLocked: false,
    topic: null,
    coupon: { type: 'cash', value: 5_000, thresholdFen: 0, maxOffFen: null, categories: [] },
    quota: { period: 'lifetime', limit: 1 },
    validityDays: 31,
  },
];
const BLACK_CARD_CODES = BLACK_CARD_PERKS.map((p) => p.code);

export const MEMBERSHIP_PLANS: readonly MembershipPlan[] = [
  {
    code: 'black-month',
    name: '黑卡 · 月卡',
    amount: 3_900,
    days: 31,
    benefits: ['全场包邮', '每期一张 ¥50 无门槛券', '专属客服优先响应'],
    perkCodes: BLACK_CARD_CODES,
  },
  {
    code: 'black-year',
    name: '黑卡 · 年卡',
    amount: 36_500,
    days: 366,
    benefits: ['全场包邮', '每期一张 ¥50 无门槛券', '专属客服优先响应', '年卡立省 ¥103'],
    perkCodes: BLACK_CARD_CODES,
  },
];

export function findPlan(kind: PayKind, code: string): TopUpPlan | MembershipPlan | undefined {
  const plans: readonly (TopUpPlan | MembershipPlan)[] =
    kind === 'topup' ? TOP_UP_PLANS : MEMBERSHIP_PLANS;
  return plans.find((p) => p.code === code);
}

export function membershipPlan(code: string): MembershipPlan | undefined {
  return MEMBERSHIP_PLANS.find((p) => p.code === code);
}
