import type { FormRule } from 'antd';
import type { PointsAdjustInput, WalletAdjustInput } from '../../api/member360';
import { formatYuan, yuanRules, yuanToFen } from '../../money';
import { BUCKET_TEXT } from './labels';

/** 增加 or 扣减: the dialogs take a positive amount and a direction, never a signed number. */
export type Direction = 'add' | 'deduct';

export interface PointsAdjustValues {
  direction: Direction;
  points: number;
  reason: string;
}

/** `amount` is yuan as typed; it becomes fen once, in `toWalletBody`. */
export interface WalletAdjustValues {
  direction: Direction;
  bucket: 'principal' | 'bonus';
  amount: number;
  reason: string;
}

// The contracts' bounds (member-360.ts): points ≤ 1e8, wallet ≤ 1e11 fen, reasons ≤ 200.
export const POINTS_MAX = 100_000_000;
const WALLET_BOUNDS = { minFen: 1, maxFen: 100_000_000_000 };

export const DIRECTION_TEXT: Record<Direction, string> = { add: '增加', deduct: '扣减' };

export const REASON_RULES: FormRule[] = [
  { required: true, whitespace: true, message: '请填写调整原因（将记入审计日志）' },
  { max: 200, message: '原因最多 200 字' },
];

export const POINTS_RULES: FormRule[] = [
  { required: true, message: '请输入积分数量' },
  {
    validator: async (_, v: unknown) => {
      if (v === null || v === undefined || v === '') return;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error('积分须为整数');
      if (v <= 0) throw new Error('积分须大于 0');
      if (v > POINTS_MAX) throw new Error('单次最多调整 1 亿积分');
    },
  },
];

export const WALLET_AMOUNT_RULES: FormRule[] = yuanRules('金额', WALLET_BOUNDS);

const sign = (d: Direction) => (d === 'deduct' ? -1 : 1);

export function toPointsBody(v: PointsAdjustValues, idempotencyKey: string): PointsAdjustInput {
  return { delta: sign(v.direction) * v.points, reason: v.reason.trim(), idempotencyKey };
}

/** The one place the wallet dialog's yuan become fen (via the shared decimal parser). */
export function toWalletBody(v: WalletAdjustValues, idempotencyKey: string): WalletAdjustInput {
  return {
    bucket: v.bucket,
    delta: sign(v.direction) * yuanToFen(v.amount),
    reason: v.reason.trim(),
    idempotencyKey,
  };
}

/** What the confirm step repeats back before anything is applied. */
export function pointsSummary(memberNo: string, body: PointsAdjustInput): string {
  const verb = body.delta < 0 ? '扣减' : '增加';
  return `为会员 ${memberNo} ${verb} ${Math.abs(body.delta).toLocaleString('zh-CN')} 积分`;
}

export function walletSummary(memberNo: string, body: WalletAdjustInput): string {
  const verb = body.delta < 0 ? '扣减' : '增加';
  return `为会员 ${memberNo} ${verb}储值${BUCKET_TEXT[body.bucket]} ${formatYuan(Math.abs(body.delta))}`;
}

/**
 * A fresh key each time a dialog opens: resubmitting the same dialog (a retry after a timeout)
 * replays the first adjustment instead of applying it twice.
 */
export function newAdjustKey(kind: 'points' | 'wallet'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `m360-${kind}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
