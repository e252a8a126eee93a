// Member-facing formatting: money through the one shared formatter, dates on the Beijing
// calendar whatever the device zone says (both pure modules of shared/, no dependencies).
import { formatYuan } from '@circles/shared/src/domain/format/money';
import { beijingDay, beijingParts } from '@circles/shared/src/domain/time/beijing';

const pad = (n: number) => String(n).padStart(2, '0');

/** Integer fen → "¥1,280.00". */
export const yuan = formatYuan;

/** Points and growth with thousands separators. */
export function count(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "2025-06-30" */
export function day(iso: string | Date): string {
  return beijingDay(new Date(iso));
}

/** "06-30 19:30" */
export function dateTime(iso: string | Date): string {
  const p = beijingParts(new Date(iso));
  return `${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}
