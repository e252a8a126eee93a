import {
  cnDay,
  cnIsoWeek,
  cnMonthStart,
  taskPeriodKey,
  previousCnDay,
  signinReward,
} from './period';

describe('task periods', () => {
  it('starts a new China day at 16:00 UTC', () => {
    expect(cnDay(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(cnDay(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
    expect(previousCnDay(new Date('2026-11-24T01:00:00Z'))).toBe('2026-11-23');
  });

  it('keys weeks by ISO week, crossing years on Thursdays', () => {
    expect(cnIsoWeek(new Date('2026-11-23T04:00:00Z'))).toBe('2026-W48');
    expect(cnIsoWeek(new Date('2027-01-01T04:00:00Z'))).toBe('2026-W53');
    expect(taskPeriodKey('weekly', new Date('2026-11-29T15:00:00Z'))).toBe('2026-W48');
    expect(taskPeriodKey('weekly', new Date('2026-11-29T16:00:00Z'))).toBe('2026-W49');
  });

  it('keys months and once', () => {
    expect(taskPeriodKey('monthly', new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(taskPeriodKey('once', new Date())).toBe('once');
    expect(cnMonthStart(new Date('2026-12-01T01:00:00Z')).toISOString()).toBe(
      '2026-11-30T16:00:00.000Z',
    );
  });

  it('adds the streak bonus on every n-th day only', () => {
    const bonus = { every: 7, points: 50 };
    expect(signinReward(6, 10, bonus)).toBe(10);
    expect(signinReward(7, 10, bonus)).toBe(60);
    expect(signinReward(14, 10, bonus)).toBe(60);
    expect(signinReward(7, 10, null)).toBe(10);
  });
});
