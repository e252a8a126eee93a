import {
  beijingAddMonths,
  beijingDay,
  beijingDayNumber,
  beijingDayNumberStart,
  beijingDayPlus,
  beijingDaysBetween,
  beijingDayStart,
  beijingDayToInstant,
  beijingInstant,
  beijingIsoWeek,
  beijingMonth,
  beijingMonthStart,
  beijingNextMonthStart,
  beijingParts,
  beijingRfc3339,
  beijingYearStart,
} from './beijing';

describe('Beijing time', () => {
  it('puts 00:00–08:00 Beijing time on the Beijing day, not the UTC day before', () => {
    const at = new Date('2026-03-31T17:30:00Z'); // 01:30 on 1 April in Beijing
    expect(beijingDay(at)).toBe('2026-04-01');
    expect(beijingMonth(at)).toBe('2026-04');
    expect(beijingParts(at)).toMatchObject({ year: 2026, month: 4, day: 1, hour: 1, minute: 30 });
    expect(beijingDay(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
  });

  it('starts days, months and years at Beijing midnight', () => {
    const at = new Date('2026-12-31T16:00:00Z'); // 00:00 1 Jan 2027 Beijing
    expect(beijingDayStart(at).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(beijingMonthStart(new Date('2027-01-20T03:00:00Z')).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
    expect(beijingNextMonthStart(new Date('2026-12-15T00:00:00Z')).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
    expect(beijingYearStart(2027).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(beijingInstant(2026, 12, 3, 9, 0).toISOString()).toBe('2026-12-03T01:00:00.000Z');
  });

  it('numbers ISO weeks of the Beijing day (Monday first, Thursday decides the year)', () => {
    expect(beijingIsoWeek(new Date('2026-12-27T15:00:00Z'))).toBe('2026-W52'); // Sun 23:00
    expect(beijingIsoWeek(new Date('2026-12-27T16:00:00Z'))).toBe('2026-W53'); // Mon 00:00
    expect(beijingIsoWeek(new Date('2027-01-01T04:00:00Z'))).toBe('2026-W53');
    expect(beijingIsoWeek(new Date('2027-01-04T04:00:00Z'))).toBe('2027-W01');
    expect(beijingParts(new Date('2026-12-27T16:00:00Z')).weekday).toBe(1);
  });

  it('counts calendar days and parses day strings strictly', () => {
    const late = new Date('2026-05-01T15:00:00Z'); // 23:00 1 May
    const early = new Date('2026-05-01T16:30:00Z'); // 00:30 2 May
    expect(beijingDaysBetween(late, early)).toBe(1);
    expect(beijingDayPlus(late, -1)).toBe('2026-04-30');
    expect(beijingDayToInstant('2026-05-02')?.toISOString()).toBe('2026-05-01T16:00:00.000Z');
    expect(beijingDayToInstant('2026-02-30')).toBeNull();
    expect(beijingDayToInstant('2026-5-2')).toBeNull();
  });

  it('formats RFC 3339 with +08:00 as WeChat Pay documents', () => {
    expect(beijingRfc3339(new Date('2018-06-08T02:46:56Z'))).toBe('2018-06-08T10:46:56+08:00');
  });
});

describe('Beijing day numbers', () => {
  it('counts the Beijing calendar day and maps back to its midnight', () => {
    const n = beijingDayNumber(new Date('2026-03-31T17:30:00Z'));
    expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe('2026-04-01');
    expect(beijingDayNumberStart(n).toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });
});

describe('Beijing months', () => {
  it('adds calendar months on the Beijing calendar, clamping to the month end', () => {
    // 01:30 on 31 March in Beijing (still 30 March in UTC) + 1 month = 30 April 01:30 Beijing.
    expect(beijingAddMonths(new Date('2026-03-30T17:30:00Z'), 1).toISOString()).toBe(
      '2026-04-29T17:30:00.000Z',
    );
    expect(beijingAddMonths(new Date('2026-01-15T04:00:05.250Z'), 12).toISOString()).toBe(
      '2027-01-15T04:00:05.250Z',
    );
  });
});
