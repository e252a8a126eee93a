// Deep import: the formatter module has no zod, so pages using it keep the contracts out.
import { formatYuan, parseYuanToFen } from '@circles/shared/src/domain/format/money';
import type { FormRule } from 'antd';

export { formatYuan };

/**
 * Money inputs hold yuan (an InputNumber's number); requests carry integer fen. Both directions
 * go through the shared decimal-text parser and formatter rather than `* 100` / `/ 100`, so
 * 19.99 stays 1999 fen and a third decimal is refused instead of silently rounded away.
 */
export function yuanToFen(yuan: number | string): number {
  const fen = parseYuanToFen(yuan);
  // The form rules below refuse such a value first; reaching here is a programming error.
  if (fen === null) throw new Error(`金额格式不正确：${String(yuan)}`);
  return fen;
}

/** Integer fen → the yuan number an InputNumber shows when editing (150000 → 1500). */
export function fenToYuan(fen: number): number {
  return Number(formatYuan(fen).replace(/[¥,]/g, ''));
}

/**
 * Rules for a yuan input: required, a plain amount with at most two decimals, not negative,
 * within the contract's bounds (given in fen, as the contract states them).
 */
export function yuanRules(what: string, bounds: { minFen?: number; maxFen: number }): FormRule[] {
  const { minFen = 0, maxFen } = bounds;
  return [
    { required: true, message: `请输入${what}` },
    {
      validator: async (_, v: unknown) => {
        if (v === null || v === undefined || v === '') return;
        const fen = typeof v === 'number' || typeof v === 'string' ? parseYuanToFen(v) : null;
        if (fen === null) throw new Error(`请输入${what}，最多两位小数`);
        if (fen < 0) throw new Error(`${what}不能为负数`);
        if (fen < minFen)
          throw new Error(
            minFen === 1 ? `${what}须大于 0` : `${what}不能低于 ${formatYuan(minFen)}`,
          );
        if (fen > maxFen) throw new Error(`${what}不能超过 ${formatYuan(maxFen)}`);
      },
    },
  ];
}
