import {
  addOrderToMemberStats,
  createRng,
  emptyMemberStats,
  simulateCustomer,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { FittedModelDoc } from './value.model';
import { type MemberStatsRow, scorePopulation } from './value.scoring';

const AS_OF = 20_000;
const settings = { windowDays: 365, unitDays: 7, minFitBuyers: 30, minFitRepeaters: 10 };

function member(days: number[], amount: number, refundedLast = false): MemberStatsRow {
  const state = emptyMemberStats();
  for (const [i, d] of days.entries()) {
    const refunded = refundedLast && i === days.length - 1 ? amount : 0;
    addOrderToMemberStats(state, AS_OF + d, amount, refunded);
  }
  return { memberId: new Types.ObjectId(), tierCode: 'normal', state };
}

const previous: FittedModelDoc = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, v: 1544 },
  unitDays: 7,
  fittedOn: 0,
};

describe('value scoring', () => {
  it('skips members without purchases, counts refunds net, and ranks recency the right way', () => {
    const recent = member([-100, -50, -2], 30_000);
    const lapsed = member([-300, -280, -200], 30_000);
    const refunded = member([-10], 5_000, true);
    const { rows, model } = scorePopulation([recent, lapsed, refunded], AS_OF, settings, null);
    expect(model).toBeNull(); // too few buyers to fit, and no earlier model
    expect(rows).toHaveLength(2);
    const [r, l] = rows;
    expect(r).toMatchObject({ recencyDays: 2, frequency: 3, monetaryFen: 90_000, pAlive: null });
    expect(r!.rScore).toBeGreaterThan(l!.rScore);
    expect(r!.segment.startsWith('重要') || r!.segment.startsWith('一般')).toBe(true);
    expect(l).toMatchObject({ recencyDays: 200, firstPurchaseDay: AS_OF - 300 });
  });

  it('fits the population when it is large enough, else reuses the previous model', () => {
    // 400 buyers simulated under BG/NBD (weeks) with CDNOW-like parameters, spend in fen.
    const rng = createRng(11);
    const pop: MemberStatsRow[] = [];
    for (let i = 0; i < 400; i++) {
      const firstDay = -364 + (i % 52) * 7;
      const c = simulateCustomer(rng, previous.bgnbd, -firstDay / 7, { p: 6, q: 4, v: 1500 });
      const days = [0, ...c.times].map((w) => firstDay + Math.floor(w * 7));
      const state = emptyMemberStats();
      for (const [k, d] of days.entries())
        addOrderToMemberStats(state, AS_OF + d, Math.round(c.spends[k]! * 100), 0);
      pop.push({ memberId: new Types.ObjectId(), tierCode: 'normal', state });
    }
    const fitted = scorePopulation(pop, AS_OF, settings, previous);
    expect(fitted.model?.fittedOn).toBe(400);
    expect(fitted.model?.bgnbd.r).toBeGreaterThan(0.1);
    expect(fitted.model?.bgnbd.r).toBeLessThan(0.6);
    for (const row of fitted.rows) {
      expect(row.pAlive).toBeGreaterThanOrEqual(0);
      expect(row.pAlive).toBeLessThanOrEqual(1);
      expect(Number.isInteger(row.clv12mFen)).toBe(true);
    }
    const small = scorePopulation(pop.slice(0, 5), AS_OF, settings, previous);
    expect(small.model).toBe(previous);
    expect(small.rows.every((r) => r.pAlive !== null)).toBe(true);
  });
});
