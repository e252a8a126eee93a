import { dateTime, day, yuan } from './format';

describe('member-facing formatting', () => {
  it('shows money as yuan with two decimals', () => {
    expect(yuan(110_000)).toBe('¥1,100.00');
    expect(yuan(3_900)).toBe('¥39.00');
    expect(yuan(1_250)).toBe('¥12.50');
  });

  it('shows Beijing days and times', () => {
    expect(day('2026-06-29T16:00:00.000Z')).toBe('2026-06-30');
    expect(dateTime('2026-06-30T11:30:00.000Z')).toBe('06-30 19:30');
  });
});
