import { bgnbdConditionalExpectedPurchases } from './bgnbd-predict';
import { discountedClv, predictCustomerValue, predictValueColumns, type ValueModel } from './clv';
import { gammaGammaConditionalExpectedSpend } from './gamma-gamma';
import { applyMemberStatsEvent, emptyMemberStats } from './member-stats';
import { predictMemberValue } from './member-value';

const model: ValueModel = {
  bgnbd: { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 },
  gammaGamma: { p: 6.25, q: 3.74, v: 15.44 },
  unitDays: 7,
};
const customer = { x: 2, tx: 30.43, T: 38.86, zbar: 22.35 };

describe('discountedClv', () => {
  it('without discounting equals expected spend × expected purchases over the 12 months', () => {
    const clv = discountedClv(model, customer, { monthlyDiscountRate: 0 });
    const purchases = bgnbdConditionalExpectedPurchases(model.bgnbd, 2, 30.43, 38.86, 365.25 / 7);
    const spend = gammaGammaConditionalExpectedSpend(model.gammaGamma, 2, 22.35);
    expect(clv).toBeCloseTo(purchases * spend, 10);
  });

  it('discounts each month at its end: Σ spend·ΔE_m/(1+d)^m', () => {
    const d = 0.02;
    const spend = gammaGammaConditionalExpectedSpend(model.gammaGamma, 2, 22.35);
    let want = 0;
    let previous = 0;
    for (let m = 1; m <= 12; m++) {
      const e = bgnbdConditionalExpectedPurchases(
        model.bgnbd,
        2,
        30.43,
        38.86,
        (m * 365.25) / 12 / 7,
      );
      want += (spend * (e - previous)) / (1 + d) ** m;
      previous = e;
    }
    expect(discountedClv(model, customer, { monthlyDiscountRate: d })).toBeCloseTo(want, 10);
    expect(discountedClv(model, customer, { monthlyDiscountRate: d })).toBeLessThan(
      discountedClv(model, customer, { monthlyDiscountRate: 0 }),
    );
  });

  it('grows with the horizon and is larger for a recent frequent buyer than a lapsed one', () => {
    expect(discountedClv(model, customer, { months: 24 })).toBeGreaterThan(
      discountedClv(model, customer),
    );
    const lapsed = { x: 2, tx: 3, T: 38.86, zbar: 22.35 };
    expect(discountedClv(model, customer)).toBeGreaterThan(discountedClv(model, lapsed));
  });
});

describe('predictValueColumns', () => {
  it('gives the same figures as the per-customer functions', () => {
    const rows = [
      { x: 0, tx: 0, T: 38.86, zbar: 0 },
      { x: 0, tx: 0, T: 0.5, zbar: 0 },
      customer,
      { x: 1, tx: 1.71, T: 38.86, zbar: 11.77 },
      { x: 25, tx: 38, T: 38.5, zbar: 40 },
      { x: 120, tx: 200, T: 210, zbar: 15 },
    ];
    const cols = predictValueColumns(model, {
      x: rows.map((r) => r.x),
      tx: rows.map((r) => r.tx),
      T: rows.map((r) => r.T),
      zbar: rows.map((r) => r.zbar),
    });
    rows.forEach((row, i) => {
      const one = predictCustomerValue(model, row);
      expect(cols.pAlive[i]).toBeCloseTo(one.pAlive, 12);
      expect(cols.expectedSpend[i]).toBeCloseTo(one.expectedSpend, 10);
      expect(cols.clv[i] / one.clv).toBeCloseTo(1, 11);
      one.expectedPurchases.forEach((e, h) => {
        expect(cols.expectedPurchases[h][i] / e).toBeCloseTo(1, 11);
      });
    });
  });
});

describe('predictMemberValue (app level, fen)', () => {
  it('derives the inputs from member statistics and rounds money to integer fen', () => {
    const fenModel: ValueModel = { ...model, gammaGamma: { p: 6.25, q: 3.74, v: 1544 } };
    let state = emptyMemberStats();
    for (const [day, amountFen] of [
      [10000, 2999],
      [10010, 4550],
      [10100, 1234],
    ]) {
      state = applyMemberStatsEvent(state, { type: 'order', day, amountFen });
    }
    const v = predictMemberValue(state, 10200, fenModel);
    const want = predictCustomerValue(fenModel, {
      x: 2,
      tx: 100 / 7,
      T: 200 / 7,
      zbar: (4550 + 1234) / 2,
    });
    expect(v?.pAlive).toBeCloseTo(want.pAlive, 14);
    expect(v?.expectedPurchases90d).toBeCloseTo(want.expectedPurchases[1], 14);
    expect(v?.clv12mFen).toBe(Math.round(want.clv));
    expect(Number.isInteger(v?.expectedSpendFen)).toBe(true);
    expect(predictMemberValue(state, 9999, fenModel)).toBeNull();
  });
});
