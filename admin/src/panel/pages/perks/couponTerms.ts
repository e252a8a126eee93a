import type { CouponTerms } from '@circles/shared/src/domain/perks/coupon';
import { fenToYuan, yuanToFen } from '../../money';

// Deep imports keep the zod contracts out of this page's chunk.
export { couponText } from '@circles/shared/src/domain/perks/coupon';
export type { CouponTerms };

/** What the coupon part of the perk form holds: yuan and 折 as people type them. */
export interface CouponFormValues {
  /** none: a voucher for a thing (a coffee), no money terms. */
  mode: 'none' | 'cash' | 'discount';
  cashYuan?: number;
  /** 8.8 → pays 88%. */
  fold?: number;
  thresholdYuan?: number;
  maxOffYuan?: number | null;
  categories?: string[];
}

export const COUPON_MODES = [
  { value: 'none', label: '兑换券（不设金额）' },
  { value: 'cash', label: '满减券' },
  { value: 'discount', label: '折扣券' },
] as const;

/** Form values → the contract's terms, fen converted once here. */
export function couponTermsOf(v: CouponFormValues | undefined): CouponTerms | null {
  if (!v || v.mode === 'none') return null;
  const thresholdFen = v.thresholdYuan ? yuanToFen(v.thresholdYuan) : 0;
  const categories = (v.categories ?? []).map((c) => c.trim()).filter(Boolean);
  if (v.mode === 'cash') {
    return {
      type: 'cash',
      value: yuanToFen(v.cashYuan ?? 0),
      thresholdFen,
      maxOffFen: null,
      categories,
    };
  }
  return {
    type: 'discount',
    // 8.8折 → 88, through text so 8.8 * 10 never becomes 87.99999.
    value: Math.round(Number(String(v.fold ?? 0)) * 10),
    thresholdFen,
    maxOffFen: v.maxOffYuan ? yuanToFen(v.maxOffYuan) : null,
    categories,
  };
}

export function couponFormOf(t: CouponTerms | null | undefined): CouponFormValues {
  if (!t) return { mode: 'none', categories: [] };
  return {
    mode: t.type,
    cashYuan: t.type === 'cash' ? fenToYuan(t.value) : undefined,
    fold: t.type === 'discount' ? t.value / 10 : undefined,
    thresholdYuan: t.thresholdFen > 0 ? fenToYuan(t.thresholdFen) : undefined,
    maxOffYuan: t.maxOffFen !== null ? fenToYuan(t.maxOffFen) : null,
    categories: t.categories,
  };
}

export const sameTerms = (a: CouponTerms | null, b: CouponTerms | null | undefined) =>
  JSON.stringify(a) === JSON.stringify(b ?? null);
