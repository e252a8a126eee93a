import { formatYuan, parseYuanToFen } from './money';

describe('formatYuan', () => {
  it.each([
    [110000, '¥1,100.00'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [1250, '¥12.50'],
    [-1250, '-¥12.50'],
    [123456789, '¥1,234,567.89'],
  ])('%i fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('shows a dash for a missing figure', () => {
    expect(formatYuan(Number.NaN)).toBe('—');
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.05', 1205],
    ['1,280.00', 128000],
    ['¥ 0.01', 1],
    [19.9, 1990],
    ['-3.10', -310],
  ])('%s → %i fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(['', 'abc', '1.234', '1e3', '.5', '12.'])('refuses %p', (input) => {
    expect(parseYuanToFen(input)).toBeNull();
  });
});
