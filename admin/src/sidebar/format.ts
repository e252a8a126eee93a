const pad = (n: number) => String(n).padStart(2, '0');

/** Fen as yuan: 123456 → "¥1,234.56" (whole yuan drop the decimals). */
export function money(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = abs % 100;
  return `${sign}¥${yuan}${cents ? `.${pad(cents)}` : ''}`;
}

/** "2026-11-23" in the consultant's local time. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "11-23 14:05", with the year when it isn't this year. */
export function dateTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === now.getFullYear() ? md : `${d.getFullYear()}-${md}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
