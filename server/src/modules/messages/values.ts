import { beijingParts } from '@circles/shared';

/**
 * Keyword values in the shapes WeChat's value rules accept (订阅消息参数值内容限制), so callers
 * (playbooks, reminders) don't each format dates and money. Times are Beijing wall-clock.
 */
export const keywordValues = {
  /** `2026年1月5日` — a `date` keyword. */
  date(at: Date): string {
    const p = beijingParts(at);
    return `${p.year}年${p.month}月${p.day}日`;
  },
  /** `2026年1月5日 09:30` — a `time` (or `date`) keyword. */
  time(at: Date): string {
    const p = beijingParts(at);
    const hm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
    return `${keywordValues.date(at)} ${hm}`;
  },
  /** `¥12.50` from fen — an `amount` keyword. */
  amount(fen: number): string {
    return `¥${(fen / 100).toFixed(2)}`;
  },
  /**
   * Text cut to a `thing` keyword's 20 characters (counted as code points, with an ellipsis).
   * A longer value is refused by WeChat with 47003 and the send fails.
   */
  thing(text: string): string {
    const chars = [...text.trim()];
    return chars.length <= 20 ? chars.join('') : `${chars.slice(0, 19).join('')}…`;
  },
};
