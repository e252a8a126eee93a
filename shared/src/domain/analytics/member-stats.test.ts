import {
  applyMemberStatsEvent,
  emptyMemberStats,
  type MemberOrderRecord,
  type MemberStatsEvent,
  memberRepeatSummary,
  memberRfmInputs,
  rebuildMemberStats,
  summariseMemberStats,
} from './member-stats';
import { createRng } from './simulate';

function replay(events: MemberStatsEvent[]) {
  return events.reduce(applyMemberStatsEvent, emptyMemberStats());
}

describe('member statistics reducer', () => {
  it('tracks first/last purchase day, distinct days, spend and repeat-day spend', () => {
    const s = replay([
      { type: 'order', day: 100, amountFen: 5000 },
      { type: 'order', day: 100, amountFen: 1000 }, // same day: one purchase day
      { type: 'order', day: 110, amountFen: 3000 },
      { type: 'order', day: 130, amountFen: 9000 },
    ]);
    expect(summariseMemberStats(s)).toEqual({
      firstPurchaseDay: 100,
      lastPurchaseDay: 130,
      purchaseDays: 3,
      spendFen: 18000,
      repeatSpendFen: 12000,
    });
  });

  it('drops a fully refunded day and moves first/last accordingly; partial refunds only reduce spend', () => {
    const s = replay([
      { type: 'order', day: 100, amountFen: 5000 },
      { type: 'order', day: 110, amountFen: 3000 },
      { type: 'order', day: 130, amountFen: 9000 },
      { type: 'refund', day: 100, amountFen: 5000, fullyRefunded: true },
      { type: 'refund', day: 130, amountFen: 2000, fullyRefunded: false },
    ]);
    expect(s.daily).toEqual([110, 1, 3000, 130, 1, 7000]); // the emptied day is gone: canonical state
    expect(summariseMemberStats(s)).toEqual({
      firstPurchaseDay: 110,
      lastPurchaseDay: 130,
      purchaseDays: 2,
      spendFen: 10000,
      repeatSpendFen: 7000,
    });
  });

  it('does not mutate the input state and ignores 0-fen orders', () => {
    const before = replay([{ type: 'order', day: 5, amountFen: 100 }]);
    const snapshot = JSON.parse(JSON.stringify(before));
    const after = applyMemberStatsEvent(before, { type: 'order', day: 3, amountFen: 0 });
    expect(before).toEqual(snapshot);
    expect(after).toEqual(snapshot);
  });

  it('rejects non-integer money and days', () => {
    expect(() =>
      applyMemberStatsEvent(emptyMemberStats(), { type: 'order', day: 1, amountFen: 10.5 }),
    ).toThrow(/amountFen/);
    expect(() =>
      applyMemberStatsEvent(emptyMemberStats(), { type: 'order', day: 1.5, amountFen: 10 }),
    ).toThrow(/day/);
    expect(() => rebuildMemberStats([{ day: 1, amountFen: 10, refundedFen: 11 }])).toThrow(
      /refundedFen/,
    );
  });

  it('gives identical state to a rebuild from orders, whatever the event order (randomised)', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 200; trial++) {
      const orders: MemberOrderRecord[] = [];
      const events: MemberStatsEvent[] = [];
      const n = 1 + Math.floor(rng() * 12);
      for (let i = 0; i < n; i++) {
        const day = 19000 + Math.floor(rng() * 30); // few days → many same-day collisions
        const amountFen = Math.floor(rng() * 3) === 0 ? 0 : 1 + Math.floor(rng() * 50000);
        events.push({ type: 'order', day, amountFen });
        let refundedFen = 0;
        // up to two partial refunds, possibly completing the order
        for (let k = 0; k < 2 && amountFen > 0 && rng() < 0.4; k++) {
          const part =
            rng() < 0.5 ? amountFen - refundedFen : Math.floor(rng() * (amountFen - refundedFen));
          if (part <= 0) continue;
          refundedFen += part;
          events.push({
            type: 'refund',
            day,
            amountFen: part,
            fullyRefunded: refundedFen === amountFen,
          });
        }
        orders.push({ day, amountFen, refundedFen });
      }
      // shuffle the events (refunds may even precede their order)
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [events[i], events[j]] = [events[j], events[i]];
      }
      const incremental = replay(events);
      expect(incremental).toEqual(rebuildMemberStats(orders));
      // …and round-trips through JSON (it is stored as a document).
      expect(JSON.parse(JSON.stringify(incremental))).toEqual(incremental);
    }
  });
});

describe('derived figures', () => {
  const s = replay([
    { type: 'order', day: 1000, amountFen: 10000 },
    { type: 'order', day: 1200, amountFen: 20000 },
    { type: 'order', day: 1300, amountFen: 30000 },
    { type: 'order', day: 1300, amountFen: 5000 },
    { type: 'order', day: 1400, amountFen: 1000 },
  ]);

  it('computes R, F and M over the window as of a day, ignoring later days', () => {
    expect(memberRfmInputs(s, 1350, 365)).toEqual({
      recencyDays: 50,
      frequency: 3,
      monetaryFen: 65000,
    });
    expect(memberRfmInputs(s, 1350, 100)).toEqual({
      recencyDays: 50,
      frequency: 1,
      monetaryFen: 35000,
    });
    expect(memberRfmInputs(s, 999, 365)).toEqual({
      recencyDays: null,
      frequency: 0,
      monetaryFen: 0,
    });
  });

  it('computes the BG/NBD inputs as of a day in model units', () => {
    expect(memberRepeatSummary(s, 1350, 7)).toEqual({
      x: 2,
      tx: 300 / 7,
      T: 350 / 7,
      zbarFen: 27500,
    });
    expect(memberRepeatSummary(s, 999, 7)).toBeNull();
  });
});
