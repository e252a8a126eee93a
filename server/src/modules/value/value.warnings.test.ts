import { Types } from 'mongoose';
import {
  DEFAULT_WARNINGS,
  memberWarnings,
  perkWarnings,
  type SnapshotFacts,
} from './value.warnings';

const id = new Types.ObjectId();
const facts = (over: Partial<SnapshotFacts>): SnapshotFacts => ({
  memberId: id,
  segment: '重要价值',
  recencyDays: 3,
  firstPurchaseDay: 1000,
  lastPurchaseDay: 1140,
  purchaseDays: 21,
  pAlive: 0.98,
  ...over,
});
const runs = { runId: '2026-06-02', previousRunId: '2026-06-01' };

describe('value warnings', () => {
  it('raises a value slide when a recent high-value member leaves those segments', () => {
    const out = memberWarnings(
      facts({}),
      facts({ segment: '重要保持', recencyDays: 20 }),
      runs,
      DEFAULT_WARNINGS,
    );
    expect(out.map((a) => [a.kind, a.severity, a.dedupeKey])).toEqual([
      ['value_slide', 'warning', `value_slide:${id}:2026-06-01>2026-06-02`],
    ]);
    const deep = memberWarnings(
      facts({ segment: '重要发展' }),
      facts({ segment: '一般发展' }),
      runs,
      DEFAULT_WARNINGS,
    );
    expect(deep[0]).toMatchObject({ kind: 'value_slide', severity: 'critical' });
  });

  it('does not call it a slide without a previous run or between the high segments', () => {
    expect(memberWarnings(null, facts({ segment: '一般挽留' }), runs, DEFAULT_WARNINGS)).toEqual(
      [],
    );
    expect(
      memberWarnings(facts({}), facts({ segment: '重要发展' }), runs, DEFAULT_WARNINGS),
    ).toEqual([]);
  });

  it('warns of churn on low P(alive) or an overdue purchase, keyed by the lapse', () => {
    // Usual interval (1140 − 1000) / 20 = 7 days; 40 days since = 33 days overdue.
    const overdue = memberWarnings(facts({}), facts({ recencyDays: 40 }), runs, DEFAULT_WARNINGS);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({
      kind: 'churn_risk',
      severity: 'warning',
      dedupeKey: `churn_risk:${id}:1140`,
    });
    const both = memberWarnings(
      facts({}),
      facts({ recencyDays: 40, pAlive: 0.1 }),
      runs,
      DEFAULT_WARNINGS,
    );
    expect(both[0]).toMatchObject({ kind: 'churn_risk', severity: 'critical' });
    expect(both[0]!.detail).toContain('存活概率降至 10%');
  });

  it('leaves ordinary members and one-purchase P(alive) alone', () => {
    const ordinary = facts({ segment: '一般保持', pAlive: 0.05, recencyDays: 90 });
    expect(memberWarnings(ordinary, ordinary, runs, DEFAULT_WARNINGS)).toEqual([]);
    const once = facts({
      segment: '重要发展',
      purchaseDays: 1,
      pAlive: 0.05,
      lastPurchaseDay: 1000,
    });
    expect(memberWarnings(once, once, runs, DEFAULT_WARNINGS)).toEqual([]);
  });

  it('raises perk alerts under the thresholds, ignoring tiers nobody is eligible for', () => {
    const out = perkWarnings(
      {
        tiers: [
          { tierCode: 'gold', eligibleMembers: 10, membersUsedAny: 3, penetration: 0.3 },
          { tierCode: 'silver', eligibleMembers: 10, membersUsedAny: 4, penetration: 0.4 },
          { tierCode: 'black', eligibleMembers: 0, membersUsedAny: 0, penetration: 0 },
        ],
        perks: [
          {
            perkCode: 'a',
            perkName: 'A',
            tierCode: 'gold',
            eligibleMembers: 10,
            membersClaimed: 4,
            membersUsed: 2,
            usageRate: 0.2,
          },
          {
            perkCode: 'b',
            perkName: 'B',
            tierCode: 'gold',
            eligibleMembers: 10,
            membersClaimed: 4,
            membersUsed: 3,
            usageRate: 0.3,
          },
        ],
      },
      '2026-06-01',
      DEFAULT_WARNINGS,
    );
    expect(out.map((a) => a.dedupeKey)).toEqual([
      'perk_penetration:gold:2026-06-01',
      'perk_usage:a:2026-06-01',
    ]);
  });
});
