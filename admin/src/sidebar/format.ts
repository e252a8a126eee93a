// Sidebar formatting: money through the one shared formatter, times on the Beijing calendar
// (the brand's stores and consultants work on it, whatever zone the WeCom client reports).
import { formatYuan } from '@circles/shared/src/domain/format/money';
import { beijingDay, beijingParts } from '@circles/shared/src/domain/time/beijing';

const pad = (n: number) => String(n).padStart(2, '0');

const valid = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** Fen as yuan: 123456 → "¥1,234.56", 110000 → "¥1,100.00". */
export const money = formatYuan;

/** "2026-11-23" */
export function day(iso: string | null | undefined): string {
  const d = valid(iso);
  return d ? beijingDay(d) : '';
}

/** "11-23 14:05", with the year when it isn't this year. */
export function dateTime(iso: string | null | undefined, now = new Date()): string {
  const d = valid(iso);
  if (!d) return '';
  const p = beijingParts(d);
  const md = `${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
  return p.year === beijingParts(now).year ? md : `${p.year}-${md}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
