import { addMonthsUtc, evaluateTier, isRenewal, type MemberTierState } from './evaluate';
import { DEFAULT_TIERS, growthForSpend, spendForGrowth, validateLadder } from './ladder';

const now = new Date('2026-06-15T00:00:00Z');
const state = (s: Partial<MemberTierState>): MemberTierState => ({
  tierCode: 'normal',
  validUntil: null,
  windowGrowth: 0,
  ...s,
});

describe('tier ladder validation', () => {
  it('accepts the default ladder', () => {
    expect(validateLadder(DEFAULT_TIERS)).toEqual([]);
  });

  it('names every threshold that does not strictly increase', () => {
    const bad = DEFAULT_TIERS.map((t) => ({ ...t }));
    bad[2]!.upgradeGrowth = 1000; // equals silver
    bad[3]!.rank = 1;
    const issues = validateLadder(bad);
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['tiers.2.upgradeGrowth', 'tiers.3.rank']),
    );
  });

  it('refuses a retention threshold above the upgrade threshold and a non-zero base', () => {
    const bad = DEFAULT_TIERS.map((t) => ({ ...t }));
    bad[0]!.upgradeGrowth = 10;
    bad[1]!.retainGrowth = 2000;
    expect(validateLadder(bad).map((i) => i.path)).toEqual(
      expect.arrayContaining(['tiers.0.upgradeGrowth', 'tiers.1.retainGrowth']),
    );
  });
});

describe('growth from spend', () => {
  it('earns one growth per whole yuan by default and inverts to the spend needed', () => {
    expect(growthForSpend(12_345)).toBe(123);
    expect(growthForSpend(99)).toBe(0);
    expect(spendForGrowth(123)).toBe(12_300);
    expect(growthForSpend(spendForGrowth(777))).toBe(777);
  });
});

describe('tier evaluation', () => {
  it('upgrades as soon as window growth reaches a threshold, jumping levels', () => {
    const d = evaluateTier(DEFAULT_TIERS, state({ windowGrowth: 5200 }), now);
    expect(d).toMatchObject({ to: 'gold', reason: 'upgrade' });
    expect(isRenewal(d)).toBe(false);
    expect((d as { validUntil: Date }).validUntil.toISOString()).toBe('2027-06-15T00:00:00.000Z');
  });

  it('does nothing before the evaluation date even when growth is low', () => {
    const s = state({ tierCode: 'gold', validUntil: new Date('2026-09-01Z'), windowGrowth: 10 });
    expect(evaluateTier(DEFAULT_TIERS, s, now)).toBeNull();
  });

  it('downgrades one level only at the evaluation date when below retention', () => {
    const s = state({ tierCode: 'diamond', validUntil: new Date('2026-06-01Z'), windowGrowth: 10 });
    expect(evaluateTier(DEFAULT_TIERS, s, now)).toMatchObject({ to: 'gold', reason: 'downgrade' });
  });

  it('renews the tier for another 12 months when retention is met', () => {
    const s = state({ tierCode: 'gold', validUntil: new Date('2026-06-01Z'), windowGrowth: 3000 });
    const d = evaluateTier(DEFAULT_TIERS, s, now);
    expect(isRenewal(d) && d.renewUntil.toISOString()).toBe('2027-06-01T00:00:00.000Z');
  });

  it('holds a manual tier until its end date, then falls back to the earned tier', () => {
    const override = { code: 'diamond', until: new Date('2026-07-01Z'), reason: 'VIP 补偿' };
    const held = state({
      tierCode: 'diamond',
      validUntil: new Date('2026-01-01Z'),
      windowGrowth: 1200,
      override,
    });
    expect(evaluateTier(DEFAULT_TIERS, held, now)).toBeNull();
    const after = evaluateTier(DEFAULT_TIERS, held, new Date('2026-07-02Z'));
    expect(after).toMatchObject({ to: 'silver', reason: 'manual_expired', clearOverride: true });
  });

  it('lets growth lift a member above a manual tier', () => {
    const override = { code: 'silver', until: new Date('2026-12-01Z'), reason: '活动' };
    const s = state({ tierCode: 'silver', validUntil: null, windowGrowth: 21_000, override });
    expect(evaluateTier(DEFAULT_TIERS, s, now)).toMatchObject({
      to: 'diamond',
      clearOverride: true,
    });
  });

  it('adds calendar months in UTC, clamping to month ends', () => {
    expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });
});
