import { dateTime, day, money } from './format';

describe('sidebar formatting', () => {
  it('shows money in yuan with two decimals through the shared formatter', () => {
    expect(money(110_000)).toBe('¥1,100.00');
    expect(money(1_288)).toBe('¥12.88');
    expect(money(-50)).toBe('-¥0.50');
  });

  it('puts times on the Beijing calendar whatever the machine zone', () => {
    // 16:30 UTC is already the next day, 00:30, in Beijing.
    expect(day('2026-11-23T16:30:00.000Z')).toBe('2026-11-24');
    expect(dateTime('2026-11-23T16:30:00.000Z', new Date('2026-12-01T00:00:00Z'))).toBe(
      '11-24 00:30',
    );
    // The year shows when it is not this Beijing year.
    expect(dateTime('2025-12-31T16:05:00.000Z', new Date('2025-12-31T17:00:00Z'))).toBe(
      '01-01 00:05',
    );
    expect(dateTime('2025-12-31T15:05:00.000Z', new Date('2025-12-31T17:00:00Z'))).toBe(
      '2025-12-31 23:05',
    );
    expect(day(null)).toBe('');
    expect(dateTime('not a date')).toBe('');
  });
});
