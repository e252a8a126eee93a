import { formatYuan } from './money';

/** Display helpers: money arrives as integer fen, times as ISO strings (UTC). */

/** Kept as an alias so every panel page shows money through the one shared formatter. */
export const yuan = formatYuan;

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('zh-CN', { hour12: false });
}

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('zh-CN');
}

export function percent(ratio: number, digits = 0): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('zh-CN');
}
