import {
  birthdayMonthOf,
  perkExpiresAt,
  perkState,
  perkPeriodEndsAt,
  perkPeriodKey,
  perkQuotaText,
  redemptionCodeFrom,
} from './index';

describe('perk periods in China time', () => {
  it('puts 15:59 UTC on 31 Jan in January and 16:00 UTC in February', () => {
    expect(perkPeriodKey('month', new Date('2026-01-31T15:59:59Z'))).toBe('2026-01');
    expect(perkPeriodKey('month', new Date('2026-01-31T16:00:00Z'))).toBe('2026-02');
  });
  it('counts years from 00:00 Beijing time on 1 Jan, and lifetime as one period', () => {
    expect(perkPeriodKey('year', new Date('2025-12-31T16:30:00Z'))).toBe('2026');
    expect(perkPeriodKey('lifetime', new Date('2025-12-31T16:30:00Z'))).toBe('life');
  });
  it('ends a month period at the next 1st, 00:00 China time', () => {
    expect(perkPeriodEndsAt('month', new Date('2026-12-10T00:00:00Z'))?.toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
    expect(perkPeriodEndsAt('lifetime', new Date())).toBeNull();
  });
  it('keeps a claimed instance valid for whole days after the claim', () => {
    expect(perkExpiresAt(new Date('2026-03-01T10:00:00Z'), 30).toISOString()).toBe(
      '2026-03-31T10:00:00.000Z',
    );
  });
  it('reads the month of a YYYY-MM-DD birthday and rejects other forms', () => {
    expect(birthdayMonthOf('1990-07-15')).toBe(7);
    expect(birthdayMonthOf('07-15')).toBeNull();
    expect(birthdayMonthOf('1990-13-01')).toBeNull();
    expect(birthdayMonthOf(null)).toBeNull();
  });
});

describe('perk card state', () => {
  const base = {
    available: true,
    autoIssued: false,
    limit: 2,
    claimedInPeriod: 0,
    holdsActive: false,
    lastUsed: false,
  };
  it('is locked when the tier lacks the perk, unless the member holds an instance', () => {
    expect(perkState({ ...base, available: false, claimedInPeriod: 0 })).toBe('locked');
    expect(perkState({ ...base, available: false, holdsActive: true })).toBe('claimed');
  });
  it('shows a held instance before anything else', () => {
    expect(perkState({ ...base, claimedInPeriod: 2, holdsActive: true })).toBe('claimed');
  });
  it('is claimable while quota remains and used or exhausted once spent', () => {
    expect(perkState({ ...base, claimedInPeriod: 1, lastUsed: true })).toBe('claimable');
    expect(perkState({ ...base, claimedInPeriod: 2, lastUsed: true })).toBe('used');
    expect(perkState({ ...base, claimedInPeriod: 2, lastUsed: false })).toBe('exhausted');
  });
  it('waits for automatic issue of birthday gifts', () => {
    expect(perkState({ ...base, autoIssued: true })).toBe('auto');
  });
  it('writes quotas in Chinese', () => {
    expect(perkQuotaText('month', 2)).toBe('每月 2 次');
    expect(perkQuotaText('lifetime', 1)).toBe('限 1 次');
  });
  it('builds codes only from the unambiguous alphabet', () => {
    const code = redemptionCodeFrom(new Uint8Array([0, 1, 31, 32, 255, 7, 8, 9, 10, 11]));
    expect(code).toHaveLength(10);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]+$/);
    expect(code.startsWith('23Z2Z')).toBe(true);
  });
});
