// Member-facing formatting. Dates are shown in China time whatever the device zone says.
const CHINA_OFFSET_MS = 8 * 3600_000;

/** Integer fen → "¥1,280" or "¥12.50". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  return `${sign}¥${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/** Points and growth with thousands separators. */
export function count(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function china(iso: string | Date): Date {
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);
}

/** "2025-06-30" */
export function day(iso: string | Date): string {
  const d = china(iso);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** "06-30 19:30" */
export function dateTime(iso: string | Date): string {
  const d = china(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
