/**
 * The one money formatter for every surface (mini-program, panel, sidebar, exports).
 * Money travels as integer fen; it is shown in yuan with two decimals and thousands
 * separators (¥1,100.00). Integer arithmetic only, so no float rounding can creep in.
 */
export function formatYuan(fen: number): string {
  if (!Number.isFinite(fen)) return '—';
  const rounded = Math.round(fen);
  const sign = rounded < 0 ? '-' : '';
  const abs = Math.abs(rounded);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${whole}.${cents}`;
}

/** Parses a yuan amount typed by a person ("12", "12.5", "1,280.00") into integer fen; null when invalid. */
export function parseYuanToFen(input: string | number): number | null {
  const text = typeof input === 'number' ? String(input) : input.replace(/[,\s¥]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) return null;
  const negative = text.startsWith('-');
  const [whole, frac = ''] = text.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return negative ? -fen : fen;
}
